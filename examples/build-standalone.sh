#!/usr/bin/env bash
# Builds examples/acme-connector the way a third party builds a connector: outside this
# repository's reactor, against authmail's INSTALLED artifacts. It first installs the artifacts a
# connector author needs (the parent pom, connector-api, connector-toolkit, connector-tck,
# connector-okhttp and its test jar, with sources and javadoc jars) into a private local Maven
# repository, never ~/.m2, then builds the example alone with that repository: compile, the TCK,
# the guide's snippet check and the plugin jar. The reactor build already runs the example's TCK;
# this script proves the published shape (versions, scopes, test-jar coordinates) works, so it is
# not part of CI (it would build the SPI twice).
#
#   examples/build-standalone.sh            # repository: ${TMPDIR:-/tmp}/authmail-standalone-m2
#   AUTHMAIL_M2=DIR examples/build-standalone.sh
#   AUTHMAIL_M2_SEED=~/.m2/repository examples/build-standalone.sh -o   # offline, from a seed copy
#
# Extra arguments (e.g. -o for offline) go to both Maven runs. AUTHMAIL_M2_SEED, when set and the
# private repository does not exist yet, is copied into it first (so third-party artifacts need no
# download); the seed itself is only read.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
repo=${AUTHMAIL_M2:-${TMPDIR:-/tmp}/authmail-standalone-m2}

if [[ ! -d $repo && -n ${AUTHMAIL_M2_SEED:-} ]]; then
  echo "seeding $repo from $AUTHMAIL_M2_SEED"
  mkdir -p "$(dirname "$repo")"
  cp -a "$AUTHMAIL_M2_SEED" "$repo"
fi
mkdir -p "$repo"

echo "1/2 installing authmail's connector artifacts into $repo"
start=$(date +%s)
mvn -B -q "$@" -f "$root/pom.xml" -Dmaven.repo.local="$repo" \
  -pl connector-api,connector-toolkit,connector-tck,connector-okhttp -am \
  -DskipTests install
installed=$(date +%s)
ls "$repo/dev/authmail"/*/*/*.jar | sed "s|^$repo/||"

echo "2/2 building examples/acme-connector alone against them"
mvn -B "$@" -f "$root/examples/acme-connector/pom.xml" -Dmaven.repo.local="$repo" clean verify \
  | grep -E 'Tests run:|BUILD|ERROR|FAIL' || true
built=$(date +%s)

plugin=$root/examples/acme-connector/target/acme-connector-1.0.0-plugin.jar
test -f "$plugin" || { echo "no plugin jar at $plugin: the build failed" >&2; exit 1; }
reports=$root/examples/acme-connector/target/surefire-reports
if grep -lE '<(failure|error)[ >]' "$reports"/TEST-*.xml >/dev/null 2>&1; then
  echo "the example's tests failed: see $reports" >&2
  exit 1
fi
echo "plugin: $plugin ($(unzip -l "$plugin" | tail -1 | awk '{print $2}') files)"
echo "install: $((installed - start)) s, example build and TCK: $((built - installed)) s"
