#!/usr/bin/env bash
# Refactoring guard: the same inputs must give the same report, byte for byte.
#
#   scripts/same_outputs.sh save DIR      # before the first move: write the reference reports
#   scripts/same_outputs.sh check DIR     # after every move: the same files, the same bytes
#
# Reports: the seed corpus, BASIL, and AllSides (--group-by bias --on-error skip), each at
# 1 and 2 threads. Compared: every CSV, every chart (PNG) and index.html; run.json is left
# out (it holds timings), inputs.sha256 is compared. The large corpora come from
# ../shared/corpora (or $CORPORA) and are skipped with a note when absent.
# Extra report options for every run can be given in $EXTRA (e.g. EXTRA="--period month").
set -euo pipefail
mode=${1:?usage: same_outputs.sh save|check DIR}
ref=${2:?usage: same_outputs.sh save|check DIR}
cd "$(dirname "$0")/.."
corpora=${CORPORA:-../shared/corpora}
cargo build --release --quiet
bin=target/release/framescore
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

runs=("seed|data/seed|")
if [ -f "$corpora/basil/articles.csv" ]; then
  runs+=("basil|$corpora/basil/articles.csv|")
  runs+=("allsides|$corpora/allsides/articles.csv|--group-by bias --on-error skip")
else
  echo "note: $corpora not found: only the seed corpus is compared"
fi

produce() { # produce DEST: every report into DEST/<name>-t<threads>
  local dest=$1
  for run in "${runs[@]}"; do
    IFS='|' read -r name corpus opts <<<"$run"
    for t in 1 2; do
      # The same --out every time: index.html shows the command line.
      rm -rf target/same-outputs
      # shellcheck disable=SC2086
      "$bin" report --corpus "$corpus" --out target/same-outputs --threads "$t" $opts ${EXTRA:-} \
        >/dev/null 2>"$work/stderr" || { cat "$work/stderr"; echo "FAIL: $name at $t threads did not run"; exit 1; }
      rm -f target/same-outputs/run.json
      mv target/same-outputs "$dest/$name-t$t"
    done
  done
}

case $mode in
  save)
    rm -rf "$ref"
    mkdir -p "$ref"
    produce "$ref"
    echo "saved $(find "$ref" -type f | wc -l) files in $ref"
    ;;
  check)
    [ -d "$ref" ] || { echo "no reference in $ref: run '$0 save $ref' first"; exit 2; }
    mkdir -p "$work/now"
    produce "$work/now"
    if diff -r -q "$ref" "$work/now"; then
      echo "same: $(find "$ref" -type f | wc -l) files byte for byte ($(ls "$ref" | tr '\n' ' '))"
    else
      echo "DIFFERENT: the files above changed"
      exit 1
    fi
    ;;
  *) echo "usage: same_outputs.sh save|check DIR"; exit 2 ;;
esac
