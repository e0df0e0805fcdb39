#!/usr/bin/env bash
# Opens report.xlsx in a real spreadsheet (LibreOffice Calc, headless) and
# checks it against the report's CSV files:
#  - every sheet converted to CSV equals the CSV of the same name cell by
#    cell: text equal (the CSV's formula guard taken off: the workbook holds
#    the text itself), numbers equal to 1e-12 (relative), empty equal empty;
#    shares read back from their percentage format, dates from theirs;
#  - every table has its sheet, and the Summary links to each sheet;
#  - the Charts sheet has the native charts: per group with matches a 100%
#    stacked bar chart fed from counts_wide's share columns and a bar chart
#    fed from counts' rate_per_1k with custom error bars;
#  - a CSV written with --csv-dialect excel-eu, opened as a German-locale
#    user opens it (semicolons, decimal comma), gives the same numbers as
#    the standard CSV.
# Reports checked: the seed corpus with --period month, a corpus whose ids,
# titles and outlets are formulas or their look-alikes (with --excel), and
# a merge of two shards.
# Installs libreoffice-calc with apt-get when missing (needs root).
# SCREENSHOT=FILE.png also renders the seed report's Charts sheet
# (scripts/workbook_screenshot.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing libreoffice-calc (a few minutes)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc >/dev/null
  else
    echo "LibreOffice is not installed: sudo apt-get install libreoffice-calc" >&2; exit 1
  fi
fi
python3 -c 'import openpyxl' 2>/dev/null || pip install --quiet openpyxl
cargo build --quiet
bin=target/debug/framescore
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lo() { soffice --headless -env:UserInstallation=file://"$tmp/profile" "$@" >/dev/null 2>&1; }

cat >"$tmp/evil.csv" <<'CSV'
id,outlet,title,date,text
=1+1,"=HYPERLINK(""http://example.com"",""click"")",@SUM(A1),2016-01-01,-rebels +terrorists rebels =terrorists
+a2,Ünïcödé Nëws,"	Tab",2016-01-02,@rebels and terrorists -rebel
a3,-2+3,=cmd|' /C calc'!A0,2016-01-03,rebels rebels terrorists
a4,Ünïcödé Nëws,'=quoted,,terrorists and rebels
－a5,Ünïcödé Nëws," =SUM(1)",2016-01-05,rebels and more rebels
CSV
cat >"$tmp/l.toml" <<'TOML'
name = "l"
[groups.g.categories]
rebel = ["rebel*"]
terrorist = ["terrorist*"]
TOML

"$bin" report --out "$tmp/seed" --period month --bootstrap 200 --permutations 200 2>/dev/null
"$bin" report --corpus "$tmp/evil.csv" --lexicon "$tmp/l.toml" --out "$tmp/evil" --excel \
  --bootstrap 0 --permutations 0 2>/dev/null
for k in 1 2; do
  "$bin" count --shard "$k/2" --out "$tmp/part$k" 2>/dev/null
done
"$bin" merge "$tmp/part1" "$tmp/part2" --out "$tmp/merged" --bootstrap 200 --permutations 200 2>/dev/null
"$bin" report --out "$tmp/eu" --csv-dialect excel-eu --no-xlsx --bootstrap 200 --permutations 200 2>/dev/null
[ ! -e "$tmp/eu/report.xlsx" ] || { echo "FAIL --no-xlsx wrote report.xlsx"; exit 1; }

for r in seed evil merged; do
  mkdir -p "$tmp/$r-sheets"
  # Every sheet to CSV: comma, double quote, UTF-8, numbers in full (not as shown).
  lo --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
    --outdir "$tmp/$r-sheets" "$tmp/$r/report.xlsx"
done
# SCREENSHOT=charts.png: the seed report's Charts sheet as Calc draws it, to look at.
if [ -n "${SCREENSHOT:-}" ]; then
  bash scripts/workbook_screenshot.sh "$tmp/seed" "$SCREENSHOT"
fi
# The excel-eu CSV as Calc reads it in a German locale: `;`, decimal comma.
mkdir -p "$tmp/eu-ods"
lo --infilter="CSV:59,34,76,1,,1031,false,true" --convert-to ods --outdir "$tmp/eu-ods" "$tmp/eu/counts.csv"

python3 - "$tmp" <<'PY'
import csv, math, pathlib, re, sys, zipfile
import openpyxl

tmp = pathlib.Path(sys.argv[1])
failures = []
# What the CSV guard guards (src/output/guard.rs): a formula character or
# a look-alike, also after leading white space, unless a plain number.
FORMULA = set("=+-@\t\r\uff1d\ufe66\uff0b\ufe62\uff0d\ufe63\u2212\uff20\ufe6b")
PLAIN = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")

def unguard(s):
    rest = s[1:]
    first = rest.lstrip(" \n\u00a0\u3000")[:1]
    if s.startswith("'") and first in FORMULA and first and not PLAIN.fullmatch(rest):
        return rest
    return s

def read_csv(path, **kw):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f, **kw))

def number(s):
    """A cell as a number, or None: '71.4285714%' is 0.714285714."""
    t = s.strip()
    scale = 1.0
    if t.endswith("%"):
        t, scale = t[:-1], 0.01
    try:
        return float(t) * scale
    except ValueError:
        return None

def same(a, b):
    if a == b:
        return True
    x, y = number(a), number(b)
    if x is None or y is None:
        return False
    return abs(x - y) <= 1e-12 * max(abs(x), abs(y))

def compare(label, raw, have):
    """The CSV's rows `raw` against a sheet's `have`: (failures, cells compared)."""
    bad, cells = [], 0
    want = [[unguard(c) for c in row] for row in raw]
    if len(want) != len(have):
        bad.append(f"{label}: {len(have)} rows in the sheet, {len(want)} in the CSV")
    for i, (w, h) in enumerate(zip(want, have)):
        h = h + [""] * (len(w) - len(h))
        if len(h) != len(w):
            bad.append(f"{label} row {i + 1}: {len(h)} cells, CSV {len(w)}")
            continue
        for j, (a, b) in enumerate(zip(w, h)):
            cells += 1
            # A CSV cell `'=x` is `=x` guarded, or the text `'=x` itself.
            if not same(a, b) and b != raw[i][j]:
                bad.append(f"{label} row {i + 1} col {j + 1}: sheet {b!r}, CSV {a!r}")
    return bad, cells

checked = {}
for r in ["seed", "evil", "merged"]:
    report, sheets = tmp / r, tmp / f"{r}-sheets"
    tables = sorted(p.stem for p in report.glob("*.csv"))
    got = {p.stem.removeprefix("report-"): p for p in sheets.glob("report-*.csv")}
    for extra in ["Summary", "Charts", "Columns"]:
        if extra not in got:
            failures.append(f"{r}: no sheet {extra}")
    cells = 0
    for t in tables:
        if t not in got:
            failures.append(f"{r}: {t}.csv has no sheet")
            continue
        bad, n = compare(f"{r}/{t}", read_csv(report / f"{t}.csv"), read_csv(got[t]))
        failures += bad
        cells += n
    checked[r] = (len(tables), cells)
    for t in set(got) - set(tables) - {"Summary", "Charts", "Columns"}:
        failures.append(f"{r}: sheet {t} has no CSV")

    # Links and charts.
    book = openpyxl.load_workbook(report / "report.xlsx")
    links = {
        c.hyperlink.location.split("!")[0].strip("'")
        for row in book["Summary"].iter_rows()
        for c in row
        if c.hyperlink is not None and c.hyperlink.location
    }
    for name in book.sheetnames[1:]:
        if name not in links:
            failures.append(f"{r}: the Summary has no link to sheet {name}")
    # Every data sheet: header frozen, an autofilter; number formats per column.
    for t in tables:
        ws = book[t]
        if ws.freeze_panes != "A2" or not ws.auto_filter.ref:
            failures.append(f"{r}/{t}: header not frozen or no autofilter")
    want_formats = {
        ("counts", "count"): "0", ("counts", "rate_per_1k"): "0.00",
        ("counts", "share"): "0.0%", ("counts", "share_low"): "0.0%",
        ("tests", "p_value"): "0.00E+00", ("pairwise", "p_holm"): "0.00E+00",
        ("documents", "date"): "yyyy-mm-dd", ("tests", "statistic"): "0.000",
    }
    for (t, col), fmt in want_formats.items():
        ws = book[t]
        head = [c.value for c in ws[1]]
        cells_ = [row[head.index(col)] for row in ws.iter_rows(min_row=2) if row[head.index(col)].value is not None]
        bad = [c.number_format for c in cells_ if c.number_format != fmt]
        if not cells_ or bad:
            failures.append(f"{r}/{t}.{col}: formats {set(bad) or 'no cells'}, want {fmt}")
        if col == "date" and not all(c.is_date for c in cells_):
            failures.append(f"{r}/{t}.{col}: not date cells")
    z = zipfile.ZipFile(report / "report.xlsx")
    charts = [z.read(n).decode() for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)]
    header = {t: read_csv(report / f"{t}.csv")[0] for t in ["counts", "counts_wide"]}
    stacked = [c for c in charts if '<c:grouping val="percentStacked"/>' in c]
    rates = [c for c in charts if "<c:errBars>" in c]
    groups = {row[1] for row in read_csv(report / "counts.csv")[1:] if row[3] != "0"}
    if len(stacked) != len(groups) or len(rates) != len(groups):
        failures.append(f"{r}: {len(stacked)} shares and {len(rates)} rates charts for {len(groups)} groups with matches")
    def columns(chart):
        """The header of every column a chart's series values read."""
        out = []
        for sheet, col in re.findall(r"<c:val><c:numRef><c:f>'?([^'!<]+)'?!\$([A-Z]+)\$", chart):
            n = 0
            for ch in col:
                n = n * 26 + ord(ch) - 64
            out.append((sheet, header.get(sheet, [""] * n)[n - 1]))
        return out
    for c in stacked:
        for sheet, name in columns(c):
            if sheet != "counts_wide" or not name.endswith(".share"):
                failures.append(f"{r}: a shares chart reads {sheet}!{name}")
    for c in rates:
        if '<c:errValType val="cust"/>' not in c:
            failures.append(f"{r}: a rates chart's error bars are not custom")
        for sheet, name in columns(c):
            if (sheet, name) != ("counts", "rate_per_1k"):
                failures.append(f"{r}: a rates chart reads {sheet}!{name}")
        # The value axis reaches every interval's upper end (error bars are
        # not in a spreadsheet's automatic scale).
        counts_rows = read_csv(report / "counts.csv")
        high = counts_rows[0].index("rate_high")
        ends = [
            float(counts_rows[n - 1][high])
            for a, b in re.findall(r"<c:val><c:numRef><c:f>'?counts'?!\$[A-Z]+\$(\d+):\$[A-Z]+\$(\d+)<", c)
            for n in range(int(a), int(b) + 1)
            if counts_rows[n - 1][high]
        ]
        top = re.search(r'<c:max val="([^"]+)"/>', c)
        if not ends or top is None or float(top.group(1)) < max(ends):
            failures.append(f"{r}: a rates chart's axis top {top and top.group(1)} is below an interval's end {max(ends, default=None)}")
    if r == "evil":
        # The formulas of the corpus are text cells, exactly as written.
        docs = book["documents"]
        ids = {row[0] for row in docs.iter_rows(min_row=2, values_only=True)}
        titles = {row[3] for row in docs.iter_rows(min_row=2, values_only=True)}
        outlets = {row[1] for row in docs.iter_rows(min_row=2, values_only=True)}
        for v in ["=1+1", "+a2", "\uff0da5"]:
            if v not in ids:
                failures.append(f"evil: article id {v!r} is not a text cell as written: {sorted(ids)}")
        for v in ["@SUM(A1)", "=cmd|' /C calc'!A0", "'=quoted", "=SUM(1)"]:
            if v not in titles:
                failures.append(f"evil: title {v!r} is not a text cell as written: {sorted(titles)}")
        for v in ['=HYPERLINK("http://example.com","click")', "-2+3", "Ünïcödé Nëws"]:
            if v not in outlets:
                failures.append(f"evil: outlet {v!r} is not a text cell as written: {sorted(outlets)}")
        formulas = [n for n in z.namelist() if n.startswith("xl/worksheets/") and b"<f>" in z.read(n)]
        if formulas != ["xl/worksheets/sheet2.xml"]:
            failures.append(f"evil: formulas outside the Charts sheet: {formulas}")
    print(f"{r}: {checked[r][0]} sheets = CSVs ({checked[r][1]} cells), {len(stacked)} + {len(rates)} charts")

# The comparison can fail: counts.csv with a rate off by 1e-9 (relative),
# a count off by one and an outlet renamed must give three failures.
raw = read_csv(tmp / "seed" / "counts.csv")
head = raw[0]
rate, count, outlet = head.index("rate_per_1k"), head.index("count"), head.index("outlet")
row = next(i for i, row in enumerate(raw) if i > 0 and number(row[rate]))
tampered = [list(r_) for r_ in raw]
tampered[row][rate] = repr(float(raw[row][rate]) * (1 + 1e-9))
tampered[row][count] = str(int(raw[row][count]) + 1)
tampered[row][outlet] += "x"
bad, _ = compare("control", tampered, read_csv(tmp / "seed-sheets" / "report-counts.csv"))
if len(bad) != 3:
    failures.append(f"the control (three cells changed) gave {len(bad)} failures: {bad[:5]}")
else:
    print("control: a rate off by 1e-9, a count off by one and a renamed outlet are all caught")

# The excel-eu CSV in a German-locale Calc: numbers, equal to the standard CSV's.
ods = tmp / "eu-ods" / "counts.ods"
xml = zipfile.ZipFile(ods).read("content.xml").decode()
floats = []
for repeat, v in re.findall(
    r'<table:table-cell (?:table:number-columns-repeated="(\d+)" )?office:value-type="float" office:value="([^"]+)"',
    xml,
):
    floats += [float(v)] * int(repeat or 1)
standard = read_csv(tmp / "seed" / "counts.csv")
want = [float(c) for row in standard[1:] for c in row if number(c) is not None]
if len(floats) != len(want) or any(abs(a - b) > 1e-12 * max(abs(a), abs(b)) for a, b in zip(floats, want)):
    failures.append(f"excel-eu counts.csv in a German locale: {len(floats)} numbers, the standard CSV has {len(want)}")
else:
    print(f"excel-eu: counts.csv read by a German-locale Calc gives the standard CSV's {len(want)} numbers")

if failures:
    print("\n".join("FAIL " + f for f in failures[:40]))
    print(f"{len(failures)} failures")
    sys.exit(1)
print("ok: every sheet of report.xlsx equals its CSV; charts present and fed from the data sheets")
PY
