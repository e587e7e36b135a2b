"""A plain SparkSession wired like the Glue 5.0 job: Iceberg 1.7.1 with the Glue Data Catalog as
`glue_catalog`, pointed at the local moto endpoint (AWS_ENDPOINT_URL) and a warehouse on local
disk. Used by the entries when `awsglue` is absent, by the tests and by the benchmark.
"""

from __future__ import annotations

import os
from pathlib import Path

from .iceberg_tables import CATALOG

ROOT = Path(__file__).resolve().parents[2]
JARS_DIR = ROOT / ".tools" / "jars"
ICEBERG_JARS = ("iceberg-spark-runtime-3.5_2.12-1.7.1.jar", "iceberg-aws-bundle-1.7.1.jar")
JVM_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
DEFAULT_REGION = "us-east-1"


def warehouse_uri(warehouse: str) -> str:
    """A local folder becomes a file:// URI; URIs pass through."""
    if "://" in warehouse:
        return warehouse
    return Path(warehouse).resolve().as_uri()


def local_catalog_conf(endpoint_url: str, warehouse: str, region: str = DEFAULT_REGION) -> dict[str, str]:
    """Catalog settings shared by every local Spark: only the endpoint and warehouse differ from AWS.

    The catalog cache is off because the local RAW writer commits from another process (pyiceberg)
    and a cached table would hide its snapshots from a long-lived session.
    """
    prefix = f"spark.sql.catalog.{CATALOG}"
    return {
        prefix: "org.apache.iceberg.spark.SparkCatalog",
        f"{prefix}.type": "glue",
        f"{prefix}.glue.endpoint": endpoint_url,
        f"{prefix}.client.region": region,
        f"{prefix}.warehouse": warehouse_uri(warehouse),
        f"{prefix}.io-impl": "org.apache.iceberg.hadoop.HadoopFileIO",
        f"{prefix}.cache-enabled": "false",
    }


def build_local_spark(
    warehouse: str,
    *,
    endpoint_url: str | None = None,
    app_name: str = "lean-ops-local",
    shuffle_partitions: int = 2,
    driver_memory: str = "2g",
):
    """Start (or reuse) the local SparkSession; raises if the jars or the endpoint are missing."""
    from pyspark.sql import SparkSession

    endpoint_url = endpoint_url or os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint_url:
        raise RuntimeError("AWS_ENDPOINT_URL is not set: the local Glue catalog needs the moto endpoint")
    jars = [JARS_DIR / name for name in ICEBERG_JARS]
    missing = [str(jar) for jar in jars if not jar.is_file()]
    if missing:
        raise FileNotFoundError(f"Iceberg jars missing ({', '.join(missing)}): run `make deps-jars`")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("AWS_REGION", DEFAULT_REGION)
    builder = (
        SparkSession.builder.master(f"local[{os.environ.get('LEAN_OPS_SPARK_CORES', '2')}]")
        .appName(app_name)
        .config("spark.jars", ",".join(str(jar) for jar in jars))
        .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", driver_memory)
        .config("spark.driver.extraJavaOptions", os.environ.get("LEAN_OPS_SPARK_JAVA_OPTS", JVM_OPTIONS))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.adaptive.enabled", "true")
        # measured here: with Iceberg's vectorized (Arrow) Parquet reads on, curate's 100k-row
        # bench run crashed the JVM (SIGSEGV in class loading, twice); off, it completes
        .config("spark.sql.iceberg.vectorization.enabled", "false")
    )
    for key, value in local_catalog_conf(endpoint_url, warehouse).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark
