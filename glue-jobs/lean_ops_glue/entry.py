"""The entry layer shared by glue-jobs/standardize.py and glue-jobs/curate.py: the only module
that imports `awsglue`. On AWS Glue it builds the GlueContext/Job and commits it; anywhere else it
builds the local SparkSession (local_spark.py) for the Glue catalog on the moto endpoint.

Exit codes: 0 every topic SUCCEEDED or NO_NEW_DATA, 1 at least one topic FAILED (the summary says
which; the others were processed), 2 invalid arguments or no usable Spark/catalog.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Callable

from .config import JobArgumentError, JobConfig, parse_job_args

EXIT_OK, EXIT_TOPIC_FAILED, EXIT_USAGE = 0, 1, 2


def _glue_job(argv: list[str]):
    """(spark, job) on AWS Glue; None when awsglue is not installed (local runs)."""
    try:
        from awsglue.context import GlueContext
        from awsglue.job import Job
        from awsglue.utils import getResolvedOptions
        from pyspark.context import SparkContext
    except ImportError:
        return None
    options = getResolvedOptions(argv, ["JOB_NAME"])
    glue_context = GlueContext(SparkContext.getOrCreate())
    job = Job(glue_context)
    job.init(options["JOB_NAME"], options)
    return glue_context.spark_session, job


def main(job_name: str, run: Callable[[object, JobConfig], dict], argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    argv = list(sys.argv if argv is None else argv)
    try:
        config = parse_job_args(argv[1:])
    except JobArgumentError as error:
        print(f"{job_name}: {error}", file=sys.stderr)
        return EXIT_USAGE
    glue = _glue_job(argv)
    if glue is not None:
        spark, job = glue
    else:
        from .local_spark import build_local_spark

        warehouse = config.warehouse or os.environ.get("LEAN_OPS_WAREHOUSE")
        if not warehouse:
            print(f"{job_name}: --warehouse (or LEAN_OPS_WAREHOUSE) is required outside AWS Glue", file=sys.stderr)
            return EXIT_USAGE
        try:
            spark = build_local_spark(
                warehouse,
                app_name=f"lean-ops-{job_name}",
                shuffle_partitions=int(os.environ.get("LEAN_OPS_SHUFFLE_PARTITIONS", "2")),
            )
        except (RuntimeError, FileNotFoundError) as error:
            print(f"{job_name}: {error}", file=sys.stderr)
            return EXIT_USAGE
        job = None
    summary = run(spark, config)
    if job is not None:
        job.commit()
    return EXIT_TOPIC_FAILED if summary["outcomes"]["FAILED"] else EXIT_OK
