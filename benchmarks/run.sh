#!/usr/bin/env bash
# Runs the load harness of issue 5 (see docs/benchmarks.md). Builds what it needs, then e.g.
#   benchmarks/run.sh --messages 10000 --clients 16 --rate 500 --seconds 10
#   benchmarks/run.sh --only store --messages 20000 --warmup 20000     (no smtp-sink needed)
#   BENCH_JAVA_OPTS=-Dauthmail.bench.launcher=./authmail benchmarks/run.sh --only startup
# BENCH_JAVA_OPTS: JVM options of the harness, e.g. its -Dauthmail.bench.* switches
# (docs/benchmarks.md).
# Builds in the reactor (package, never install: the local Maven repository stays untouched).
set -euo pipefail
cd "$(dirname "$0")/.."
case " $* " in
  *" --only "*) ;;
  *) command -v /usr/sbin/smtp-sink >/dev/null || { echo "needs Postfix's smtp-sink: apt-get install postfix" >&2; exit 1; } ;;
esac
cp_file=benchmarks/target/classpath.txt
mvn -q -pl benchmarks -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$(pwd)/$cp_file" -Dmdep.includeScope=runtime >/dev/null
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
exec java -Xms512m -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "benchmarks/target/classes:$(cat "$cp_file")" dev.authmail.benchmarks.Main "$@"
