#!/usr/bin/env bash
# Fetches ElasticMQ 1.7.1 (the local SQS server) from Maven Central into .tools/elasticmq/lib.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dest="$root/.tools/elasticmq"
marker="$dest/.complete-1.7.1"
[ -f "$marker" ] && exit 0
echo "bootstrap: fetching ElasticMQ 1.7.1 jars into .tools/elasticmq" >&2
rm -rf "$dest" && mkdir -p "$dest"
mvn -q -B -Dstyle.color=never -f "$root/scripts/bootstrap/maven/elasticmq-pom.xml" dependency:copy-dependencies \
  -DoutputDirectory="$dest/lib" >&2
touch "$marker"
