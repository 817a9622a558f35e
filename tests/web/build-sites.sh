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
# .sites is the harness's scratch folder, made anew each time: a build by
# an older broadside there is not one this broadside would replace.
rm -rf tests/web/.sites
mkdir -p tests/web/.sites
for dir in "$fixtures"/*/; do
  name="$(basename "$dir")"
  echo "build-sites: $name"
  "${run[@]}" build --content "$fixtures/$name" --out "tests/web/.sites/$name"
done
# The newsroom site (several stories): the pages the judges check, by role.
printf '%s\n' 'story ferry-fares/' 'story storm-live/' 'story port-ar/' 'listing authors/li-wei/' \
  > tests/web/.sites/newsroom.pages
# The photo story (see make-photo-story.sh): the sample with a 12-MP lead photo
# and a body photo, real photographs.
bash "$here/make-photo-story.sh"
echo "build-sites: photos"
"${run[@]}" build --content tests/web/.photos/content --out tests/web/.sites/photos
# A generated site of 2,000 stories with tags and code: its listing pages
# (front page, page 2, tags, a tag, the archive, a year) and one story are
# checked, as named in .sites/tagged.pages.
tagged_src="$(mktemp -d)"
trap 'rm -rf "$tagged_src"' EXIT
python3 scripts/gen-tagged-site.py "$tagged_src" --stories 2000 --code
echo "build-sites: tagged (2,000 stories)"
"${run[@]}" build --quiet --content "$tagged_src" --out tests/web/.sites/tagged --base-url https://example.com/news/
printf '%s\n' 'listing .' 'listing page/2/' 'listing tags/' 'listing tags/rust/' 'listing archive/' \
  'listing archive/2020/' 'story story-00001/' > tests/web/.sites/tagged.pages
