#!/usr/bin/env bash
# Browser and validator checks for built pages (see README.md).
#   bash tests/web/run.sh            all checks on dist/ and tests/web/.sites/*/
#   bash tests/web/run.sh --build    first build the fixtures (build-sites.sh)
# Env: WEB_SITES_DIR, WEB_LIGHTHOUSE_SITES, WEB_SELFTEST_LIGHTHOUSE=1, UPDATE_SCREENSHOT=1,
#      VNU_STRICT=1, CHROME_PATH (default /usr/bin/chromium).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
if [ "${1:-}" = "--build" ]; then bash "$here/build-sites.sh"; shift; fi
if [ ! -d node_modules/puppeteer-core ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  npm ci --no-audit --no-fund
fi
command -v java >/dev/null || { echo "run.sh: java (17+) is needed for vnu" >&2; exit 1; }
[ -x "${CHROME_PATH:-/usr/bin/chromium}" ] || { echo "run.sh: no Chromium at ${CHROME_PATH:-/usr/bin/chromium} (apt-get install -y chromium)" >&2; exit 1; }
rm -rf .results
# One file at a time, so Lighthouse never shares the CPU with another browser;
# node runs the files in name order; zz-summary.test.mjs comes last and prints the per-page figures.
files=(vnu.test.mjs budget.test.mjs structured-data.test.mjs browser.test.mjs lighthouse.test.mjs selftest.test.mjs serve-reload.test.mjs zz-summary.test.mjs)
if [ "$#" -gt 0 ]; then files=("$@"); fi
exec node --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
