#!/usr/bin/env bash
# Renders the "Charts" sheet of a report's report.xlsx as LibreOffice draws
# it (xlsx -> PDF -> PNG), to look at after changing the workbook's charts.
#
#   scripts/workbook_screenshot.sh REPORT_DIR OUT.png [DPI]
#
# Needs LibreOffice (soffice) and poppler-utils (pdftoppm, pdftotext).
set -euo pipefail
report=${1:?usage: workbook_screenshot.sh REPORT_DIR OUT.png [DPI]}
png=${2:?usage: workbook_screenshot.sh REPORT_DIR OUT.png [DPI]}
dpi=${3:-110}
for tool in soffice pdfinfo pdftoppm pdftotext; do
  command -v "$tool" >/dev/null || {
    echo "$tool is not installed: sudo apt-get install libreoffice-calc poppler-utils" >&2; exit 1
  }
done
[ -f "$report/report.xlsx" ] || { echo "no report.xlsx in $report (written unless --no-xlsx)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
soffice --headless -env:UserInstallation=file://"$tmp/profile" --convert-to pdf \
  --outdir "$tmp" "$report/report.xlsx" >/dev/null 2>&1
pages=$(pdfinfo "$tmp/report.pdf" | awk '/^Pages:/ {print $2}')
# The Charts sheet prints on its own page(s): the first page with a shares chart's title.
for p in $(seq 1 "$pages"); do
  if pdftotext -f "$p" -l "$p" "$tmp/report.pdf" - | grep -q "share of each label among"; then
    pdftoppm -f "$p" -l "$p" -singlefile -png -r "$dpi" "$tmp/report.pdf" "${png%.png}"
    echo "page $p of $pages -> $png"
    exit 0
  fi
done
echo "no Charts page found in $report/report.xlsx" >&2
exit 1
