"""What the partition protocol costs on Dask, phase by phase, with 1 and 2
workers (the figures in docs/SCALE.md, "Cost on an engine"). Usage:

    python bench/partitions.py CORPUS_CSV LEXICON PARTS [WORKERS ...]

CORPUS_CSV is written as PARTS Parquet files (rows in order, every column
text), then for each WORKERS (default 1 2) a dask.distributed LocalCluster
with that many single-threaded workers runs phase 1 (summaries), the plan
(on the client), phase 2 (partials) and the report (on the client), each
timed apart, with the bytes each step hands on. Needs the framescore
package (scripts/check_python.sh builds it into .venv), pandas, pyarrow,
dask[dataframe] and distributed. A benchmark: it prints, it asserts nothing.
"""
import os
import sys
import tempfile
import time

import dask
import dask.dataframe as dd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from dask.distributed import Client, LocalCluster

import framescore


def write_parts(csv_path, folder, parts):
    df = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    for k in range(parts):
        part = df.iloc[k * len(df) // parts:(k + 1) * len(df) // parts]
        table = pa.Table.from_pandas(part, preserve_index=False)
        pq.write_table(table, os.path.join(folder, f"part-{k:03}.parquet"))
    return len(df)


def run(folder, lexicon, out, workers):
    steps = {}
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True) as cluster, Client(cluster):
        parts = dd.read_parquet(folder, split_row_groups=False).to_delayed()
        job = framescore.Run(lexicon, out=out, corpus_name=folder, threads=1, force=True,
                             bootstrap=200, permutations=200, on_error="skip")
        t = time.perf_counter()
        summaries = dask.compute(*[dask.delayed(job.summarise)(k, p) for k, p in enumerate(parts)])
        steps["phase 1 (summaries)"] = (time.perf_counter() - t, sum(map(len, summaries)))
        t = time.perf_counter()
        plan = job.plan(summaries)
        steps["plan (client)"] = (time.perf_counter() - t, len(plan))
        t = time.perf_counter()
        partials = dask.compute(*[dask.delayed(job.count)(plan, k, p) for k, p in enumerate(parts)])
        steps["phase 2 (partials)"] = (time.perf_counter() - t, sum(map(len, partials)))
        t = time.perf_counter()
        done = job.report(plan, list(partials))
        steps["report (client)"] = (time.perf_counter() - t, None)
    return steps, done


def main(csv_path, lexicon, parts, *workers):
    workers = [int(w) for w in workers] or [1, 2]
    size = os.path.getsize(csv_path)
    with tempfile.TemporaryDirectory() as work:
        folder = os.path.join(work, "parts")
        os.makedirs(folder)
        articles = write_parts(csv_path, folder, int(parts))
        print(f"corpus: {csv_path}, {size / 1e6:.1f} MB, {articles} articles, in {parts} Parquet files")
        for w in workers:
            steps, done = run(folder, lexicon, os.path.join(work, f"out{w}"), w)
            total = sum(s for s, _ in steps.values())
            print(f"== {w} worker(s): {total:.1f} s in all; {done['articles']} articles, {done['matches']} matches")
            for name, (secs, sent) in steps.items():
                moved = "" if sent is None else f", {sent / 1e6:.2f} MB handed on"
                print(f"   {name:22} {secs:7.2f} s{moved}")


if __name__ == "__main__":
    main(*sys.argv[1:])
