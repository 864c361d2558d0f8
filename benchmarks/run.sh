#!/usr/bin/env bash
# Runs the load harness of issue 5 (see docs/benchmarks.md). Builds what it needs, then e.g.
#   benchmarks/run.sh --messages 10000 --clients 16 --rate 500 --seconds 10
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/sbin/smtp-sink >/dev/null || { echo "needs Postfix's smtp-sink: apt-get install postfix" >&2; exit 1; }
mvn -q -pl benchmarks -am -DskipTests install
cp_file=benchmarks/target/classpath.txt
mvn -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$(pwd)/$cp_file" >/dev/null
exec java -Xms512m -Xmx1g -cp "benchmarks/target/classes:$(cat "$cp_file")" dev.authmail.benchmarks.Main "$@"
