#!/usr/bin/env bash
# Build every fixture story in tests/fixtures/web/<name>/ into tests/web/.sites/<name>/.
# BROADSIDE_BIN=<path> uses a binary already built instead of `cargo run --release`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
fixtures="tests/fixtures/web"
[ -d "$fixtures" ] || { echo "build-sites: no $fixtures folder" >&2; exit 1; }
if [ -n "${BROADSIDE_BIN:-}" ]; then
  run=("$BROADSIDE_BIN")
else
  cargo build --release --quiet
  run=(cargo run --release --quiet --)
fi
mkdir -p tests/web/.sites
for dir in "$fixtures"/*/; do
  name="$(basename "$dir")"
  echo "build-sites: $name"
  "${run[@]}" build --content "$fixtures/$name" --out "tests/web/.sites/$name"
done
