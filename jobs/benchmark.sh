#!/usr/bin/env bash
# Benchmark of the nightly run on a generated national landing set (not a test: numbers vary by
# machine). Prints the generator's size, the run's summary with per-stage times, wall time and the
# JVM's peak resident memory.
# Usage: jobs/benchmark.sh [PHONES] [DAYS]   (default 1000000 7)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
phones="${1:-1000000}"
days="${2:-7}"
out="${BENCH_DIR:-$here/target/benchmark}"
uptake="$here/jobs/uptake"
export UPTAKE_CDS="${UPTAKE_CDS:-read}"  # the timed runs never include writing the class-data archive

"$uptake" --version >/dev/null   # builds the jar first, outside the timings
rm -rf "$out"
echo "== generate --phones $phones --days $days"
/usr/bin/time -f "generate: %e s wall, %M KB peak RSS" "$uptake" generate --out "$out/landing" --phones "$phones" --days "$days" --seed 1
du -sh "$out/landing/installs" | sed 's/^/installs on disk: /'
echo "== run"
/usr/bin/time -f "run: %e s wall, %M KB peak RSS (driver JVM, local[*] on $(nproc) cores)" \
  "$uptake" run --installs "$out/landing/installs" --census "$out/landing/census" \
  --warehouse "$out/warehouse" --cutoff 2021-05-06T17:00:00+07:00
echo "== rerun of the same cut-off (replaces the snapshot)"
/usr/bin/time -f "rerun: %e s wall, %M KB peak RSS" \
  "$uptake" run --installs "$out/landing/installs" --census "$out/landing/census" \
  --warehouse "$out/warehouse" --cutoff 2021-05-06T17:00:00+07:00 >/dev/null
