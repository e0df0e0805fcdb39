#!/usr/bin/env bash
# The Python package and the partition protocol against the CLI (issue 23):
# builds the extension with maturin into a venv, runs its pytest suite, then
# runs Dask (LocalCluster, 2 workers) and Spark (local[2], mapInArrow; only
# when Java is installed) over the AllSides corpus written as several Parquet
# files, and checks that every table and chart of the merged report is byte
# for byte the one `framescore report` writes on the same corpus.
# Usage: scripts/check_python.sh CORPORA_DIR (holding allsides/articles.csv).
# FRAMESCORE_VENV (default .venv) is the venv; FRAMESCORE_PROFILE=debug
# builds without optimisation (quicker to build, slower to run).
set -euo pipefail
corpora=${1:?usage: check_python.sh CORPORA_DIR}
corpora=$(cd "$corpora" && pwd)
cd "$(dirname "$0")/.."
root=$PWD
venv=${FRAMESCORE_VENV:-.venv}
profile=${FRAMESCORE_PROFILE:-release}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
# shellcheck disable=SC1091
. "$venv/bin/activate"
# dask's `distributed` extra pins distributed to dask's own version: asked for apart, pip
# paired dask 2026.11.0 with distributed 2021.4.1, which cannot import it.
pip install --quiet maturin pytest pandas pyarrow 'dask[dataframe,distributed]'
spark=no
if command -v java >/dev/null; then
  pip install --quiet pyspark
  spark=yes
fi

flag=(); [ "$profile" = release ] && flag=(--release)
cargo build --quiet "${flag[@]}"
bin=target/$profile/framescore
t0=$SECONDS
(cd python && CARGO_TARGET_DIR="$root/target" maturin develop --quiet "${flag[@]}")
echo "== maturin develop ($profile): $((SECONDS - t0)) s"
python -m pytest -q python/tests

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lexicon=lexicons/syria.toml
stats=(--bootstrap 200 --permutations 200)

# AllSides as 6 Parquet files (every column text): in corpus order for
# Dask, and with a `row` key column for Spark.
python - "$corpora/allsides/articles.csv" "$work" <<'PY'
import os, sys
import pandas as pd, pyarrow as pa, pyarrow.parquet as pq
src, work = sys.argv[1:3]
df = pd.read_csv(src, dtype=str, keep_default_na=False)
n = 6
for folder in ("parts", "keyed"):
    os.makedirs(f"{work}/{folder}", exist_ok=True)
for k in range(n):
    start, end = k * len(df) // n, (k + 1) * len(df) // n
    part = df.iloc[start:end]
    pq.write_table(pa.Table.from_pandas(part, preserve_index=False), f"{work}/parts/part-{k}.parquet")
    keyed = part.assign(row=range(start, end))
    pq.write_table(pa.Table.from_pandas(keyed, preserve_index=False), f"{work}/keyed/part-{k}.parquet")
print(f"   {len(df)} articles in {n} Parquet files")
PY

t0=$SECONDS
# --no-xlsx: a report from partitions writes no workbook (the per-article
# cells do not travel in the partials), so the CLI's is left out to compare.
"$bin" report --corpus "$corpora/allsides/articles.csv" --lexicon "$lexicon" --out "$work/cli" \
  --threads 2 --no-xlsx "${stats[@]}" 2>/dev/null
echo "== CLI report: $((SECONDS - t0)) s"

same() {
  python - "$work/cli" "$1" "$2" <<'PY'
import os, sys
cli, other, name = sys.argv[1:4]
def files(d):
    return sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs)
a, b = files(cli), files(other)
assert a == b, f"{name}: other files: {sorted(set(a) ^ set(b))}"
# Provenance names the inputs (the CLI's corpus file, the partitions).
skip = {"run.json", "index.html", "inputs.sha256"}
same, differ = [], []
for f in a:
    if f in skip:
        continue
    (same if open(f"{cli}/{f}", "rb").read() == open(f"{other}/{f}", "rb").read() else differ).append(f)
size = sum(os.path.getsize(f"{cli}/{f}") for f in same)
print(f"   {name}: {len(same)} files byte-identical to the CLI ({size} bytes; counts.csv "
      f"{'identical' if 'counts.csv' in same else 'DIFFERS'}), {len(differ)} differ{': ' + ', '.join(differ) if differ else ''}")
sys.exit(1 if differ else 0)
PY
}

export PYTHONPATH="$root/examples${PYTHONPATH:+:$PYTHONPATH}"
t0=$SECONDS
python -c "import sys, dask_partitions as d; d.main(sys.argv[1], sys.argv[2], sys.argv[3], 2, bootstrap=200, permutations=200)" \
  "$work/parts" "$lexicon" "$work/dask" 2>"$work/dask.log" || { cat "$work/dask.log"; exit 1; }
echo "== Dask, 2 workers: $((SECONDS - t0)) s"
same "$work/dask" dask

if [ "$spark" = yes ]; then
  t0=$SECONDS
  python -c "import sys, spark_partitions as s; s.main(sys.argv[1], sys.argv[2], sys.argv[3], 2, bootstrap=200, permutations=200)" \
    "$work/keyed" "$lexicon" "$work/spark" 2>"$work/spark.log" || { tail -40 "$work/spark.log"; exit 1; }
  echo "== Spark local[2]: $((SECONDS - t0)) s"
  same "$work/spark" spark
else
  echo "== Java not installed: Spark skipped (apt-get install default-jre-headless)"
fi
