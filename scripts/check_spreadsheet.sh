#!/usr/bin/env bash
# Opens report CSVs in a real spreadsheet (LibreOffice Calc, headless) with
# formula evaluation switched on, the worst case, and reads them back:
#  - no cell of a report CSV became a formula, although the corpus's ids,
#    outlets, titles and text are formulas (`=HYPERLINK(..)`, `@SUM`, `+`,
#    `-`, tab);
#  - the guarded values survive behind their `'` (the data is not lost);
#  - accented outlet names survive (CSVs written with --excel: UTF-8 BOM);
#  - a control CSV without the guard does turn into formulas, so the check
#    can fail.
# Installs libreoffice-calc with apt-get when missing (needs root).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null; then
  echo "installing libreoffice-calc"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libreoffice-calc >/dev/null
fi
cargo build --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/evil.csv" <<'CSV'
id,outlet,title,date,text
=1+1,"=HYPERLINK(""http://example.com"",""click"")",@SUM(A1),2016-01-01,-rebels +terrorists rebels =terrorists
+a2,Ünïcödé Nëws,"	Tab",2016-01-02,@rebels and terrorists -rebel
a3,-2+3,=cmd|' /C calc'!A0,2016-01-03,rebels rebels terrorists
CSV
cat >"$tmp/l.toml" <<'TOML'
name = "l"
[groups.g.categories]
rebel = ["rebel*"]
terrorist = ["terrorist*"]
TOML
./target/debug/framescore report --corpus "$tmp/evil.csv" --lexicon "$tmp/l.toml" \
  --out "$tmp/report" --excel --bootstrap 0 --permutations 0 >/dev/null
printf 'a,b\n=1+1,=HYPERLINK("http://x")\n' >"$tmp/control.csv"

mkdir -p "$tmp/ods"
# CSV import: comma, double quote, UTF-8, from line 1, ..., evaluate formulas.
soffice --headless -env:UserInstallation=file://"$tmp/profile" \
  --infilter="CSV:44,34,76,1,,0,false,true,false,false,false,-1,true" \
  --convert-to ods --outdir "$tmp/ods" \
  "$tmp"/report/*.csv "$tmp/control.csv" >/dev/null 2>&1

python3 - "$tmp/ods" <<'PY'
import re, sys, zipfile, pathlib
out = pathlib.Path(sys.argv[1])
texts, failures = {}, []
for ods in sorted(out.glob("*.ods")):
    xml = zipfile.ZipFile(ods).read("content.xml").decode("utf-8")
    formulas = re.findall(r'table:formula="([^"]*)"', xml)
    texts[ods.stem] = xml
    if ods.stem == "control":
        if not formulas:
            failures.append("control.csv: no formula detected, the check cannot fail")
    elif formulas:
        failures.append(f"{ods.stem}.csv: {len(formulas)} cells became formulas: {formulas[:3]}")
    print(f"{ods.stem}.csv -> {len(formulas)} formula cells")
reports = [k for k in texts if k != "control"]
if len(reports) < 10:
    failures.append(f"only {len(reports)} report CSVs converted")
counts = texts.get("counts", "")
for needle in ["Ünïcödé Nëws", "=HYPERLINK(&quot;http://example.com&quot;"]:
    if needle not in counts:
        failures.append(f"counts.csv: {needle!r} did not survive")
if failures:
    print("\n".join("FAIL " + f for f in failures))
    sys.exit(1)
print(f"ok: {len(reports)} report CSVs, no formulas, accented names and guarded values intact")
PY
