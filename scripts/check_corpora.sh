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
  echo "== $name: $corpus"
  local t0=$SECONDS
  "$bin" report --corpus "$corpus" --out "$out"
  echo "   $((SECONDS - t0)) s"
  for f in counts.csv counts_wide.csv documents.csv tests.csv residuals.csv pairwise.csv \
           matches.csv terms.csv index.html run.json charts/rates.png; do
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
for name in ["counts.csv", "tests.csv", "pairwise.csv", "residuals.csv"]:
    text = open(f"{out}/{name}", encoding="utf-8").read()
    for bad in ("NaN", "inf"):
        assert f",{bad}" not in text, f"{name} contains {bad}"
outlets = {r["outlet"] for r in counts}
print(f"   {len(outlets)} outlets, {total} matches: counts add up")
PY
}

check basil "$corpora/basil/articles.csv"
check allsides "$corpora/allsides/articles.csv"
echo "large-corpus checks passed"
