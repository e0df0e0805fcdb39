"""framescore on Spark: phase 1 and phase 2 per partition with mapInArrow,
the plan and the report on the driver. Usage:

    python examples/spark_partitions.py PARQUET_DIR LEXICON OUT [WORKERS]

PARQUET_DIR holds the corpus as Parquet files with a whole-number `row`
column giving each article's place in corpus order (Spark packs files into
partitions in an order of its own, so the key travels with the rows). On a
cluster, use spark-submit and read s3a://... instead of local[N].
"""
import sys

import pyarrow as pa
from pyspark.sql import SparkSession

import framescore


def main(parquet_dir, lexicon, out, workers=2, **options):
    """Writes the report on the Parquet files into `out`; `options` as framescore.options()."""
    spark = SparkSession.builder.master(f"local[{workers}]").appName("framescore").getOrCreate()
    try:
        df = spark.read.parquet(parquet_dir)
        run = framescore.Run(lexicon, out=out, corpus_name=parquet_dir, key_column="row", threads=1, force=True, **options)

        def phase(make):
            def per_partition(batches):
                from pyspark import TaskContext

                rows = pa.Table.from_batches(list(batches), schema=arrow_schema)
                yield pa.RecordBatch.from_pydict({"b": [make(TaskContext.get().partitionId(), rows)]})
            return per_partition

        arrow_schema = pa.schema([(f.name, pa.string() if f.name != "row" else pa.int64()) for f in df.schema])
        summaries = [r.b for r in df.mapInArrow(phase(run.summarise), "b binary").collect()]
        plan = run.plan(summaries)
        partials = [r.b for r in df.mapInArrow(phase(lambda k, rows: run.count(plan, k, rows)), "b binary").collect()]
        return run.report(plan, partials)
    finally:
        spark.stop()


if __name__ == "__main__":
    done = main(*sys.argv[1:4], *map(int, sys.argv[4:5]))
    print(f"spark: {done['articles']} articles, {done['matches']} matches -> {done['out']}")
