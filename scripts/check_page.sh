#!/usr/bin/env bash
# Renders report pages in headless Chromium, as a reader would open them, and
# fails if an image or link does not resolve. Installs what it needs: Debian's
# chromium (apt-get, as root) and playwright-core (npm, pinned in
# scripts/page_check/package.json; it drives the system Chromium and
# downloads no browser). Usage: scripts/check_page.sh [REPORT_DIR...]
# With no argument it builds and checks the seed report.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is not installed: sudo apt-get install chromium" >&2; exit 1
  fi
fi
( cd scripts/page_check && [ -d node_modules/playwright-core ] || npm install --silent --no-audit --no-fund >/dev/null )
dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
  cargo build --release --quiet
  out=$(mktemp -d)/syria
  target/release/framescore report --out "$out" 2>/dev/null
  dirs=("$out")
fi
for d in "${dirs[@]}"; do
  node scripts/page_check/check.js "$d" "${SCREENSHOT:-}"
done
echo "page check passed"
