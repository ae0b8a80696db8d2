#!/usr/bin/env bash
# Two builds of Uptake side by side on one landing set (not a test: numbers vary by machine and by
# hour, which is why the two are run alternately in one invocation). Each run gets a fresh
# warehouse and an event log; prints wall time, peak RSS and the event log's task totals.
# Usage: jobs/benchmark-compare.sh CHECKOUT_A CHECKOUT_B LANDING_DIR [ROUNDS] [CUTOFF]
#   CHECKOUT_*: repositories with target/uptake.jar built (for example a `git worktree` of a commit)
#   LANDING_DIR: the output of `jobs/uptake generate` (installs/ and census/)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
a="$1"; b="$2"; data="$3"; rounds="${4:-1}"; cutoff="${5:-2021-05-06T17:00:00+07:00}"
out="${BENCH_DIR:-$here/target/benchmark-compare}"
mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
  for checkout in "$a" "$b"; do
    name="$(basename "$(cd "$checkout" && pwd)")-$r"
    rm -rf "$out/$name"; mkdir -p "$out/$name/events"; sync
    UPTAKE_NO_BUILD=1 UPTAKE_CDS="${UPTAKE_CDS:-read}" UPTAKE_JAVA_OPTS="-Xmx4g -Dspark.eventLog.enabled=true -Dspark.eventLog.dir=file://$out/$name/events" \
      /usr/bin/time -f "$name: %e s wall, %M KB peak RSS" "$checkout/jobs/uptake" run --installs "$data/installs" \
      --census "$data/census" --warehouse "$out/$name/warehouse" --cutoff "$cutoff" > "$out/$name/run.out" 2> "$out/$name/run.err"
    grep -E "s wall" "$out/$name/run.err"
    python3 "$here/jobs/eventlog-summary.py" "$out/$name/events" 1e9 | tail -1
  done
done
