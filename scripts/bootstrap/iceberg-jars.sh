#!/usr/bin/env bash
# Fetches the Iceberg Spark runtime and AWS bundle (Glue 5.0: Iceberg 1.7.1, Spark 3.5, Scala
# 2.12) from Maven Central into .tools/jars; the Glue jobs' local SparkSession loads them.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dest="$root/.tools/jars"
iceberg=1.7.1
mkdir -p "$dest"
for artifact in iceberg-spark-runtime-3.5_2.12 iceberg-aws-bundle; do
  jar="$dest/$artifact-$iceberg.jar"
  [ -s "$jar" ] && continue
  echo "bootstrap: fetching $artifact $iceberg into .tools/jars" >&2
  mvn -q -B -Dstyle.color=never dependency:copy -Dartifact="org.apache.iceberg:$artifact:$iceberg" \
    -DoutputDirectory="$dest" >&2
done
