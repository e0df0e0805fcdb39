"""framescore on Dask: phase 1 and phase 2 per partition on the workers,
the plan and the report on the client. Usage:

    python examples/dask_partitions.py PARQUET_DIR LEXICON OUT [WORKERS]

PARQUET_DIR holds the corpus as Parquet files (columns text, outlet,
optional id, date, ...): partition k is the k-th file in name order, so the
report is `framescore report` on the files' rows in that order. On a
cluster, give Client the scheduler's address and read s3://... instead.
"""
import sys

import dask
import dask.dataframe as dd
from dask.distributed import Client, LocalCluster

import framescore


def main(parquet_dir, lexicon, out, workers=2, **options):
    """Writes the report on the Parquet files into `out`; `options` as framescore.options()."""
    with LocalCluster(n_workers=workers, threads_per_worker=1) as cluster, Client(cluster):
        parts = dd.read_parquet(parquet_dir, split_row_groups=False).to_delayed()
        run = framescore.Run(lexicon, out=out, corpus_name=parquet_dir, threads=1, force=True, **options)
        # Phase 1 on each partition: small summaries, reduced into the plan.
        summaries = [dask.delayed(run.summarise)(k, p) for k, p in enumerate(parts)]
        plan = dask.delayed(run.plan)(summaries).compute()
        # Phase 2 on each partition with the plan: partial counts and rows.
        partials = dask.compute(*[dask.delayed(run.count)(plan, k, p) for k, p in enumerate(parts)])
        return run.report(plan, list(partials))


if __name__ == "__main__":
    done = main(*sys.argv[1:4], *map(int, sys.argv[4:5]))
    print(f"dask: {done['articles']} articles, {done['matches']} matches -> {done['out']}")
