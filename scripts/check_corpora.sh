#!/usr/bin/env bash
# Runs the report on the large shared corpora and checks what must hold on
# any corpus: the run succeeds, every output is written, counts add up to the
# matches listed, and nothing is NaN. Usage: scripts/check_corpora.sh DIR
# where DIR holds basil/articles.csv and allsides/articles.csv.
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
# Two AllSides rows have US-style dates (12/1/16): skipped and counted.
check allsides "$corpora/allsides/articles.csv" --group-by bias --on-error skip --period month
python3 - "$work/allsides" <<'PY'
import csv, json, sys
out = sys.argv[1]
run = json.load(open(f"{out}/run.json"))
assert run["input"]["rows_skipped"] == 2, run["input"]
groups = {r["outlet"] for r in csv.DictReader(open(f"{out}/counts.csv", encoding="utf-8"))}
assert groups == {"left", "center", "right"}, groups
print(f"   grouped by bias: {sorted(groups)}; 2 rows skipped")
PY

# Sharding: four shards of AllSides merged equal one run, byte for byte.
echo "== allsides in 4 shards"
opts=(--corpus "$corpora/allsides/articles.csv" --group-by bias --on-error skip --period month)
for k in 1 2 3 4; do
  "$bin" count --shard "$k/4" "${opts[@]}" --threads 1 --out "$work/part$k" 2>/dev/null
done
"$bin" merge "$work"/part{4,2,3,1} --out "$work/merged"
for f in "$work"/allsides/*.csv; do
  cmp "$f" "$work/merged/$(basename "$f")" || { echo "merged $(basename "$f") differs from the single run"; exit 1; }
done
echo "   merged report equals the single run ($(ls "$work"/allsides/*.csv | wc -l) CSVs)"
rm -rf "$work"/part? "$work/merged"

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
