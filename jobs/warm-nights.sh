#!/usr/bin/env bash
# A night's fixed cost (not a test: numbers vary by machine): builds a history of PHONES phones over
# DAYS days and one more night of NIGHT_PHONES phones, then runs that night N times in one JVM, each
# on a fresh copy of the history's warehouse. The first night pays the JVM's warm-up; the later ones
# show what a run costs with its code compiled, which is also what each run of the test suite pays.
# Usage: jobs/warm-nights.sh [PHONES] [DAYS] [NIGHT_PHONES] [N]   (default 5000 5 1000 4)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
phones="${1:-5000}"; days="${2:-5}"; night_phones="${3:-1000}"; nights="${4:-4}"
out="${BENCH_DIR:-$here/target/warm-nights}/$phones"
uptake="$here/jobs/uptake"
"$uptake" --version >/dev/null   # builds the jar first

rm -rf "$out"; mkdir -p "$out/installs"
"$uptake" generate --out "$out/history" --phones "$phones" --days "$days" --end-date 2021-05-05 --seed 1 >/dev/null
"$uptake" generate --out "$out/night" --phones "$night_phones" --days 1 --end-date 2021-05-06 --seed 2 >/dev/null
cp -r "$out/history/installs/." "$out/installs/"; cp -r "$out/history/census" "$out/census"
"$uptake" run --installs "$out/installs" --census "$out/census" --warehouse "$out/history-warehouse" \
  --date 2021-05-05 > "$out/history.log" 2>&1
cp -r "$out/night/installs/." "$out/installs/"

# The launcher's JVM settings, with this file's Java program as the main class.
opens=$(sed -n '/^opens=(/,/)$/p' "$here/jobs/uptake" | tr -d '()' | sed 's/^opens=//')
SPARK_LOCAL_IP=127.0.0.1 java ${UPTAKE_JAVA_OPTS:--Xmx4g -XX:+UseParallelGC} $opens -Dspark.master='local[*]' -Dspark.ui.enabled=false \
  -Dspark.sql.shuffle.partitions=8 -Dlog4j2.configurationFile="$here/conf/log4j2.properties" \
  -cp "$here/target/uptake.jar:$here/target/lib/*" "$here/jobs/bench/WarmNights.java" "$out" "$nights" 2> "$out/nights.err" \
  | grep "^night "
