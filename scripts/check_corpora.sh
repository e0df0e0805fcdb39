#!/usr/bin/env bash
# Runs the report on the large shared corpora and checks what must hold on
# any corpus: the run succeeds, every output is written, counts add up to the
# matches listed, and nothing is NaN; AllSides as CSV and as Parquet count
# alike; the LexisNexis and Factiva sample exports read as their R packages
# read them. Usage: scripts/check_corpora.sh DIR where DIR holds
# basil/articles.csv, allsides/articles.csv, lexisnexis_samples/ and
# factiva_samples/. Needs pyarrow (pip install pyarrow).
set -euo pipefail
corpora=${1:?usage: check_corpora.sh CORPORA_DIR}
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/framescore
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check() {
  local name=$1 corpus=$2 out="$work/$1"
  shift 2
  echo "== $name: $corpus $*"
  local t0=$SECONDS
  "$bin" report --corpus "$corpus" --out "$out" "$@"
  echo "   $((SECONDS - t0)) s"
  for f in counts.csv counts_wide.csv documents.csv tests.csv residuals.csv pairwise.csv \
           matches.csv terms.csv intervals.csv compare.csv distinctive_terms.csv \
           cleaning.csv syndication.csv index.html run.json; do
    [ -s "$out/$f" ] || { echo "missing $out/$f"; exit 1; }
  done
  # Sum of count in counts.csv equals the number of matches listed.
  python3 - "$out" <<'PY'
import csv, sys
out = sys.argv[1]
counts = list(csv.DictReader(open(f"{out}/counts.csv", encoding="utf-8")))
matches = sum(1 for _ in csv.DictReader(open(f"{out}/matches.csv", encoding="utf-8")))
total = sum(int(r["count"]) for r in counts)
assert total == matches, f"counts.csv sums to {total}, matches.csv has {matches} rows"
for name in ["counts.csv", "tests.csv", "pairwise.csv", "residuals.csv", "intervals.csv",
             "compare.csv", "distinctive_terms.csv"]:
    text = open(f"{out}/{name}", encoding="utf-8").read()
    for bad in ("NaN", "inf"):
        assert f",{bad}" not in text, f"{name} contains {bad}"
outlets = {r["outlet"] for r in counts}
# A rates chart whenever there is more than one outlet to compare (a single
# outlet gets a note on the page instead).
import os
if len(outlets) > 1:
    assert os.path.getsize(f"{out}/charts/rates.png") > 0, "charts/rates.png missing"
# Every outlet with at least 2 articles has article-level (bootstrap) intervals.
for r in csv.DictReader(open(f"{out}/intervals.csv", encoding="utf-8")):
    if int(r["articles"]) >= 2:
        assert r["rate_low_article"] != "" and r["rate_high_article"] != "", r
        assert float(r["rate_low_article"]) <= float(r["rate_per_1k"]) <= float(r["rate_high_article"]), r
for name in ["tests.csv", "compare.csv", "pairwise.csv"]:
    for r in csv.DictReader(open(f"{out}/{name}", encoding="utf-8")):
        assert r["p_value"] != "0", f"{name}: a bare 0 p-value: {r}"
print(f"   {len(outlets)} outlets, {total} matches: counts add up; article-level intervals present")
PY
}

check basil "$corpora/basil/articles.csv"
# Two AllSides rows have US-style dates (12/1/16, 12/31/18): with --date-format
# they are read, and no row is skipped.
check allsides "$corpora/allsides/articles.csv" --group-by bias --period month --date-format %m/%d/%y
python3 - "$work/allsides" <<'PY'
import csv, json, sys
out = sys.argv[1]
run = json.load(open(f"{out}/run.json"))
assert run["input"]["rows_skipped"] == 0, run["input"]
groups = {r["outlet"] for r in csv.DictReader(open(f"{out}/counts.csv", encoding="utf-8"))}
assert groups == {"left", "center", "right"}, groups
dates = {r["date"] for r in csv.DictReader(open(f"{out}/documents.csv", encoding="utf-8"))}
assert "2016-12-01" in dates and "12/1/16" not in dates, "the US-style dates were not read"
print(f"   grouped by bias: {sorted(groups)}; no row skipped, 12/1/16 read as 2016-12-01")
# Issue 21: --period month fits the article-level models by default (month
# held fixed, each bias against the largest, right), finds change points and
# draws the timelines.
import os
models = list(csv.DictReader(open(f"{out}/models.csv", encoding="utf-8")))
fitted = [r for r in models if r["status"] == "fitted"]
assert fitted, "no fitted model on AllSides by month"
assert {r["reference"] for r in fitted} == {"right"}, {r["reference"] for r in fitted}
assert all(r["adjusted_for"] == "month" and r["covariance"] == "hc1" for r in fitted)
for r in fitted:
    lo, ratio, hi = float(r["ratio_low"]), float(r["ratio"]), float(r["ratio_high"])
    assert 0 < lo <= ratio <= hi and r["unadjusted_ratio"] != "", r
terror = {r["outlet"]: r for r in fitted if r["model"] == "counts" and r["category_or_label"] == "terrorist"}
assert set(terror) == {"left", "center"}, terror.keys()
changes = list(csv.DictReader(open(f"{out}/changepoints.csv", encoding="utf-8")))
assert changes, "no change point on AllSides by month"
for g in ("armed_groups", "islamic_state", "syrian_state"):
    for chart in ("timeline", "rates_time"):
        assert os.path.getsize(f"{out}/charts/{chart}_{g}.png") > 10000, (chart, g)
page = open(f"{out}/index.html", encoding="utf-8").read()
assert "Holding the month fixed" in page, "no model sentence on the page"
print("   models: terrorist per token, month held fixed, against right: "
      + ", ".join(f"{o} {float(r['ratio']):.2f} (unadjusted {float(r['unadjusted_ratio']):.2f})" for o, r in sorted(terror.items()))
      + f"; {len(changes)} change-point rows; timelines drawn")
PY

# Every CSV of $work/merged equals the single run's (LABEL names the run).
same_as_single() {
  for f in "$work"/allsides/*.csv; do
    # Partials keep no per-article facts: a merged report fits no models.
    [ "$(basename "$f")" = models.csv ] && continue
    cmp "$f" "$work/merged/$(basename "$f")" || { echo "$1 $(basename "$f") differs from the single run"; exit 1; }
  done
}

# Sharding: four shards of AllSides merged equal one run, byte for byte.
echo "== allsides in 4 shards"
opts=(--corpus "$corpora/allsides/articles.csv" --group-by bias --period month --date-format %m/%d/%y)
for k in 1 2 3 4; do
  "$bin" count --shard "$k/4" "${opts[@]}" --threads 1 --out "$work/part$k" 2>/dev/null
done
"$bin" merge "$work"/part{4,2,3,1} --out "$work/merged"
same_as_single "merged"
[ ! -e "$work/merged/models.csv" ] || { echo "a merged report should have no models.csv"; exit 1; }
echo "   merged report equals the single run ($(ls "$work"/allsides/*.csv | wc -l) CSVs)"
rm -rf "$work"/part? "$work/merged"

# Two phases: AllSides as 6 CSV files in 4 shards; each shard reads only its
# own files (tests/shard.rs proves it by damaging the others); merged equals the
# single run over the one CSV, byte for byte.
echo "== allsides as 6 files in 4 shards, two phases"
python3 - "$corpora/allsides/articles.csv" "$work/split" <<'PY'
import csv, os, sys
csv.field_size_limit(sys.maxsize)
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header, rows = rows[0], rows[1:]
os.makedirs(sys.argv[2], exist_ok=True)
for i in range(6):
    with open(f"{sys.argv[2]}/part{i}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows[len(rows) * i // 6 : len(rows) * (i + 1) // 6])
PY
sopts=(--group-by bias --period month --date-format %m/%d/%y)
for k in 1 2 3 4; do
  "$bin" count --shard "$k/4" --corpus "$work/split/*.csv" "${sopts[@]}" --summarise --threads 1 \
    --out "$work/summary$k" 2>/dev/null
done
"$bin" plan "$work"/summary{3,1,4,2} "${sopts[@]}" --out "$work/plan"
for k in 4 3 2 1; do
  "$bin" count --shard "$k/4" --corpus "$work/split/*.csv" "${sopts[@]}" --plan "$work/plan" \
    --threads 1 --out "$work/part$k" 2>/dev/null
done
"$bin" merge "$work"/part{1,2,3,4} --out "$work/merged"
same_as_single "two-phase merged"
echo "   two-phase merged report equals the single run ($(ls "$work"/allsides/*.csv | wc -l) CSVs)"
rm -rf "$work"/part? "$work"/summary? "$work/plan" "$work/merged" "$work/split"

# Without flags, count runs: the two unreadable dates only warn (dates unused).
echo "== allsides: count with no flags"
"$bin" count --corpus "$corpora/allsides/articles.csv" --out "$work/counts_csv.csv" 2>"$work/count.err"
grep -q "warning: 2 articles have a date that cannot be read and are counted undated" "$work/count.err" \
  || { cat "$work/count.err"; echo "no undated warning"; exit 1; }
echo "   $(tail -1 "$work/count.err")"

# AllSides as Parquet (converted with pyarrow: every column a string, row
# groups of 4,000 rows) counts exactly as the CSV.
echo "== allsides as parquet"
python3 - "$corpora/allsides/articles.csv" "$work/articles.parquet" <<'PY'
import sys
import pyarrow as pa, pyarrow.csv as pacsv, pyarrow.parquet as pq
names = open(sys.argv[1], encoding="utf-8").readline().strip().split(",")
table = pacsv.read_csv(
    sys.argv[1],
    parse_options=pacsv.ParseOptions(newlines_in_values=True),
    convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                         strings_can_be_null=False),
)
pq.write_table(table, sys.argv[2], row_group_size=4000)
print(f"   {table.num_rows} rows, {pq.ParquetFile(sys.argv[2]).num_row_groups} row groups")
PY
"$bin" count --corpus "$work/articles.parquet" --out "$work/counts_parquet.csv" 2>/dev/null
cmp "$work/counts_csv.csv" "$work/counts_parquet.csv" || { echo "parquet counts differ from csv"; exit 1; }
echo "   counts.csv identical ($(wc -l < "$work/counts_csv.csv") lines)"

# The LexisNexis and Factiva sample exports: documents, outlets, dates and
# titles as LexisNexisTools' and tm.plugin.factiva's own tests and examples
# read them (documents.csv of a report on each).
samples() {
  local name=$1 corpus=$2
  echo "== $name: $corpus"
  "$bin" report --corpus "$corpus" --out "$work/$name" --force >/dev/null 2>&1 \
    || "$bin" report --corpus "$corpus" --out "$work/$name" --force
}
samples ln_txt "$corpora/lexisnexis_samples/sample.TXT"
samples ln_docx "$corpora/lexisnexis_samples/sample.DOCX"
samples fv_xml "$corpora/factiva_samples/factiva_test.xml"
samples fv_reuters "$corpora/factiva_samples/reut21578-factiva.xml"
samples fv_html "$corpora/factiva_samples/factiva_test.html"
# LexisNexisTools' README: document 1's Author, document 3's Section and Edition.
for where in "byline=Andrew Sparrow" "section=FEATURES; Pg. 6" "edition=Edition 1; Scotland"; do
  got=$("$bin" count --corpus "$corpora/lexisnexis_samples/sample.TXT" --where "$where" 2>&1 >/dev/null | tail -1)
  case "$where:$got" in
    byline*": 1 articles, 1 outlets"*|section*": 1 articles, 1 outlets"*|edition*": 1 articles, 1 outlets"*) ;;
    *) echo "sample.TXT --where '$where': $got"; exit 1 ;;
  esac
done
echo "   sample.TXT: byline, section and edition kept as metadata (--where finds each)"
# Every document's Author, Section, Edition and Length as LexisNexisTools
# reads them (its tests/files/LNToutput.RDS), through --group-by; and the body
# extracted whole: tokens within 5% of LexisNexis' own LENGTH word counts (which
# count the headline and hyphenated words differently: 0% to 4% off here).
python3 - "$bin" "$corpora/lexisnexis_samples/sample.TXT" <<'PY'
import csv, io, subprocess, sys
from collections import Counter
bin, corpus = sys.argv[1], sys.argv[2]
def groups(*args):
    out = subprocess.run([bin, "count", "--corpus", corpus, "--on-error", "skip", *args],
                         capture_output=True, text=True, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    return {r["outlet"]: (int(r["articles"]), int(r["tokens"])) for r in rows}
want = {
    "byline": Counter({"Andrew Sparrow": 1, "Simon Tisdall": 1, "TREVOR Kavanagh": 1, "Tom Coghlan": 2,
                       "William Rees-Mogg": 1, "Allegra Stratton": 1, "BY STEPHEN POLLARD": 1,
                       "Ross Ihaka and Robert Gentleman": 1}),
    "section": Counter({"FEATURES; Pg. 6": 1, "NEWS; Pg. 3": 1, "EDITORIAL; Pg. 24": 1, "NEWS; Pg. 8": 1,
                        "NEWS; Pg. 6": 1}),
    "edition": Counter({"Edition 1; Scotland": 1, "Edition 1; Ireland": 1, "Edition 1; National Edition": 1,
                        "Edition 2; National Edition": 1, "3 Star Edition": 1}),
    "length": Counter({"355 words": 1, "927 words": 1, "677 words": 1, "453 words": 1, "918 words": 1,
                       "471 words": 1, "607 words": 1, "698 words": 1, "446 words": 1, "2,968 words": 1}),
}
for field, expected in want.items():
    got = Counter({k: v[0] for k, v in groups("--group-by", field).items()})
    assert got == expected, f"{field}: {got} != {expected}"
tokens = groups("--group-by", "length", "--no-clean")
for length, (_, n) in tokens.items():
    words = int(length.split()[0].replace(",", ""))
    assert abs(n - words) <= 0.05 * words, f"LENGTH {length}: {n} tokens"
print("   sample.TXT: Author, Section, Edition, Length as LexisNexisTools reads them; bodies whole")
PY
# LexisNexisTools: test.DOCX has no articles ("No articles found to parse").
if "$bin" count --corpus "$corpora/lexisnexis_samples/test.DOCX" 2>"$work/test_docx.err"; then
  echo "test.DOCX read without error"; exit 1
fi
grep -q "no documents found" "$work/test_docx.err" || { cat "$work/test_docx.err"; exit 1; }
echo "   test.DOCX: $(cat "$work/test_docx.err")"
python3 - "$work" "$corpora" <<'PY'
import csv, sys
from collections import OrderedDict
work = sys.argv[1]

def docs(name):
    seen = OrderedDict()
    for r in csv.DictReader(open(f"{work}/{name}/documents.csv", encoding="utf-8")):
        seen.setdefault(r["article_id"], (r["outlet"], r["date"], r["title"]))
    return list(seen.values())

def check(name, n, outlets, dates, titles):
    d = docs(name)
    assert len(d) == n, f"{name}: {len(d)} documents, expected {n}"
    assert [o for o, _, _ in d] == outlets, f"{name}: outlets {[o for o, _, _ in d]}"
    assert [x[:10] for _, x, _ in d] == dates, f"{name}: dates {[x for _, x, _ in d]}"
    for k, t in titles.items():
        assert d[k][2] == t, f"{name}: title {k + 1} is {d[k][2]!r}, expected {t!r}"
    print(f"   {name}: {n} documents, {len(set(outlets))} outlets, dates and titles as expected")

# LexisNexisTools (README and tests/files/LNToutput.RDS): Newspaper, Date, Headline.
check("ln_txt", 10,
      ["Guardian.com", "Guardian", "The Sun (England)", "The Times (London)", "The Times (London)",
       "The Times (London)", "Guardian", "MAIL ON SUNDAY (London)", "Sunday Mirror", "DAILY MAIL (London)"],
      ["2010-01-11"] * 6 + ["2010-01-08", "2010-01-10", "2010-01-10", "2010-01-09"],
      {0: "Lorem ipsum dolor sit amet", 7: "PRISONER OF HIS OWN CABINET", 9: "Wikipedia"})
check("ln_docx", 10, ["The Guardian(London)"] * 10,
      ["2019-07-01", "2019-07-02", "2019-07-04", "2019-07-03", "2019-07-04", "2019-07-02",
       "2019-07-03", "2019-07-03", "2019-07-03", "2019-07-02"],
      {0: "Lorem ipsum dolor sit amet", 6: "Sample Headline", 8: "R (programming language) on Wikipedia",
       9: "What is Wikipedia"})
# tm.plugin.factiva (inst/texts, the examples of ?FactivaSource): 3 and 19
# articles in the XML files; expected fields read independently here with
# ElementTree (headline text with its <hlt> parts, the date's first 10 chars).
import xml.etree.ElementTree as ET
corpora = sys.argv[2]
def factiva(path):
    out = []
    for art in ET.parse(path).getroot().iter():
        if not art.tag.endswith("}ppsarticle") and art.tag != "ppsarticle":
            continue
        find = lambda name: next((e for e in art.iter() if e.tag.split("}")[-1] == name), None)
        date = find("publicationDate")
        out.append((find("sourceName").text.strip(), "".join(date.itertext()).strip()[:10],
                    " ".join("".join(find("headline").itertext()).split())))
    return out
for name, file in [("fv_xml", "factiva_test.xml"), ("fv_reuters", "reut21578-factiva.xml")]:
    want = factiva(f"{corpora}/factiva_samples/{file}")
    check(name, len(want), [o for o, _, _ in want], [d for _, d, _ in want],
          dict(enumerate(t for _, _, t in want)))
assert len(factiva(f"{corpora}/factiva_samples/factiva_test.xml")) == 3
assert len(factiva(f"{corpora}/factiva_samples/reut21578-factiva.xml")) == 19
check("fv_html", 2, ["Test newspaper", "Ouest France"], ["2011-12-29", "2011-12-29"],
      {0: "Test 1", 1: "Test 2"})
PY

# Streaming limits: one 50 MB article, and a million one-line articles.
python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
with open(f"{work}/huge.csv", "w") as f:
    f.write('outlet,text\nX,"' + "The rebels said terrorists did it. " * 1_500_000 + '"\n')
with open(f"{work}/tiny.csv", "w") as f:
    f.write("outlet,text\n")
    for i in range(1_000_000):
        f.write(f"O{i % 50},rebels {i}\n")
PY
check huge "$work/huge.csv"
check tiny "$work/tiny.csv"
echo "large-corpus checks passed"
