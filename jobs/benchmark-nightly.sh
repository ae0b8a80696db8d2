#!/usr/bin/env bash
# Benchmark of the incremental night against a full rebuild (not a test: numbers vary by machine).
# Builds a history of PHONES phones over DAYS days, runs it, lands one more night of about
# NIGHT_PHONES phones' events, times that night, then times a full rebuild over the same files
# in a fresh warehouse. Prints both, their ratio and peak memory.
# Usage: jobs/benchmark-nightly.sh [PHONES] [DAYS] [NIGHT_PHONES]   (default 1000000 30 175000)
# Env: BENCH_DIR (default target/benchmark-nightly), KEEP_DATA=1 reuses generated data in it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
phones="${1:-1000000}"
days="${2:-30}"
night_phones="${3:-175000}"
out="${BENCH_DIR:-$here/target/benchmark-nightly}/$phones"
uptake="$here/jobs/uptake"

"$uptake" --version >/dev/null   # builds the jar first, outside the timings
# A copy of the build, so the sources can change while a long benchmark runs.
app="$out/app"
rm -rf "$app" "$out/installs" "$out/warehouse" "$out/rebuild"
mkdir -p "$app/jobs" "$app/target"
cp -p "$here/jobs/uptake" "$app/jobs/"
cp -rp "$here/target/uptake.jar" "$here/target/lib" "$app/target/"
cp -rp "$here/conf" "$app/"
uptake="$app/jobs/uptake"
if [ "${KEEP_DATA:-0}" != 1 ] || [ ! -d "$out/history/installs" ] || [ ! -d "$out/night/installs" ]; then
  "$uptake" generate --out "$out/history" --phones "$phones" --days "$days" --end-date 2021-05-05 --seed 1 >/dev/null
  "$uptake" generate --out "$out/night" --phones "$night_phones" --days 1 --end-date 2021-05-06 --seed 2 >/dev/null
fi
mkdir -p "$out/installs"
cp -r "$out/history/installs/." "$out/installs/"
echo "history: $phones phones over $days days, $(du -sh "$out/history/installs" | cut -f1) of install logs"

timed() { # label, then the command; prints wall seconds and peak RSS
  local label="$1"; shift
  sync  # the previous run's written files reach the disk outside this run's time
  /usr/bin/time -f "$label: %e s wall, %M KB peak RSS" "$@" > "$out/$label.log" 2> "$out/$label.err" || { cat "$out/$label.err"; exit 1; }
  grep -E "wall" "$out/$label.err"
  grep -E "^      .*: [0-9.]+ s$" "$out/$label.err" | sed "s/^      /  $label stage: /"
  grep -E "rows ingested|phones counted" "$out/$label.log" | sed "s/^/  $label /"
}
inputs=(--installs "$out/installs" --census "$out/history/census")

# The history run, the first of this build, writes the class-data archive (jobs/uptake) that the
# night and the rebuild then map, as every night after a deployment's first would.
timed history "$uptake" run "${inputs[@]}" --warehouse "$out/warehouse" --date 2021-05-05
cp -r "$out/night/installs/." "$out/installs/"
timed night "$uptake" run "${inputs[@]}" --warehouse "$out/warehouse" --date 2021-05-06
timed rebuild "$uptake" run "${inputs[@]}" --warehouse "$out/rebuild" --date 2021-05-06
night=$(grep -oE '^night: [0-9.]+' "$out/night.err" | grep -oE '[0-9.]+$')
rebuild=$(grep -oE '^rebuild: [0-9.]+' "$out/rebuild.err" | grep -oE '[0-9.]+$')
echo "night / full rebuild = $(python3 -c "print(f'{$night / $rebuild:.1%}')")"
