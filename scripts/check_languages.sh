#!/usr/bin/env bash
# Arabic matching on a real corpus, against an independent count.
# Usage: scripts/check_languages.sh CORPORA_DIR (holding arabic_egypt_2013/).
#
# Counts lexicons/arabic_syria.toml over arabic_egypt_2013 twice with
# framescore: as shipped (language = "ar": Arabic normalisation and
# proclitics) and without its `language` line (terms only as written, the
# "before"). scripts/arabic_count.py counts both again by another method
# (word tokens, proclitic sequences stripped from an enumerated list). Every
# outlet x category count must agree within 1%; the script prints the
# before / after / independent table and the gain from normalisation and
# clitics per outlet. Also checks that `lexicon check --corpus` lists the
# written forms an entry caught, and that language detection
# (text::language::model) names whatlang's language for every article of
# every shared corpus (examples/same_language.rs).
set -euo pipefail
corpora=${1:?usage: check_languages.sh CORPORA_DIR}
corpus="$corpora/arabic_egypt_2013/articles.csv"
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/framescore
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

lexicon=lexicons/arabic_syria.toml
grep -v '^language' "$lexicon" > "$work/plain.toml"
echo "== arabic_egypt_2013: $lexicon, before (no language) and after (language = \"ar\")"
"$bin" count --corpus "$corpus" --lexicon "$work/plain.toml" --no-clean --out "$work/before.csv"
"$bin" count --corpus "$corpus" --lexicon "$lexicon" --no-clean --out "$work/after.csv"
python3 scripts/arabic_count.py "$corpus" "$lexicon" --plain > "$work/independent_before.csv"
python3 scripts/arabic_count.py "$corpus" "$lexicon" > "$work/independent_after.csv"

python3 - "$work" <<'PY'
import csv, sys
work = sys.argv[1]
def load(name):
    return {(r["outlet"], r["group"], r["category"]): int(r["count"])
            for r in csv.DictReader(open(f"{work}/{name}.csv", encoding="utf-8"))}
fs_before, fs_after = load("before"), load("after")
py_before, py_after = load("independent_before"), load("independent_after")
bad = []
for fs, py, what in [(fs_before, py_before, "before"), (fs_after, py_after, "after")]:
    for key in sorted(set(fs) | set(py)):
        a, b = fs.get(key, 0), py.get(key, 0)
        if abs(a - b) > 0.01 * b:
            bad.append(f"{what} {key}: framescore {a}, independent {b}")
print(f"   {'outlet':48} {'category':34} {'before':>7} {'after':>7} {'indep.':>7}")
for key in sorted(fs_after):
    outlet, group, category = key
    print(f"   {outlet:48} {group + '.' + category:34} {fs_before.get(key, 0):7} "
          f"{fs_after[key]:7} {py_after.get(key, 0):7}")
print("   per outlet, armed_opposition matches before -> after:")
for outlet in sorted({k[0] for k in fs_after}):
    b = sum(n for k, n in fs_before.items() if k[0] == outlet and k[1] == "armed_opposition")
    a = sum(n for k, n in fs_after.items() if k[0] == outlet and k[1] == "armed_opposition")
    print(f"   {outlet:48} {b:6} -> {a:6}  (+{100 * (a - b) / max(b, 1):.0f}%)")
total_b, total_a = sum(fs_before.values()), sum(fs_after.values())
print(f"   all: {total_b} -> {total_a} matches; independent {sum(py_before.values())} -> {sum(py_after.values())}")
if bad:
    print("   counts differ by more than 1%:\n   " + "\n   ".join(bad))
    sys.exit(1)
print(f"   every outlet x category within 1% of the independent count "
      f"({len(fs_after)} cells after, {len(fs_before)} before)")
PY

# lexicon check lists what the clitics and normalisation caught.
"$bin" lexicon check "$lexicon" --corpus "$corpus" --no-clean > "$work/check.txt"
grep -q 'المعارضة` (ar) -> .*والمعارضة .*للمعارضة' "$work/check.txt" \
  || { echo "lexicon check lists no clitic forms for المعارضة"; cat "$work/check.txt"; exit 1; }
grep -q 'الارهابية' "$work/check.txt" \
  || { echo "lexicon check lists no hamza variant for إرهابي*"; exit 1; }
echo "   lexicon check lists the written forms each entry caught"

# Language detection (documents.csv's language): text::language::model must
# name whatlang's language for every article of every shared corpus.
echo "== language detection: text::language::model against whatlang"
cargo run --release --quiet --example same_language -- \
  "$corpora"/allsides/articles.csv "$corpora"/basil/articles.csv \
  "$corpora"/arabic_egypt_2013/articles.csv "$corpora"/arabic_saudinewsnet_2015/articles.csv \
  "$corpora"/lexisnexis_samples/sample.TXT "$corpora"/factiva_samples/reut21578-factiva.xml
echo "language checks passed"
