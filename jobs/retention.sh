#!/usr/bin/env bash
# Deletes raw phone numbers older than the retention period (bronze and quarantine rows), then
# VACUUMs them off storage: Uptake's "retain" command, submitted like the nightly run.
#
# Usage: jobs/retention.sh --master URL --config FILE|URI [spark-submit options ...] [-- --days N] [--dry-run]
#   Everything before "--" is as for jobs/nightly.sh; after it, the options of "uptake retain":
#   --days N (default: retention.days of the YAML), --dry-run (count only), --break-lock.
#   Locally, without a cluster: jobs/uptake retain --days N [--dry-run].
# Exit status: as jobs/nightly.sh's (0 done, 1 retry, 2 usage or configuration, 5 another run holds
# the warehouse). Run it when no nightly run is due: it takes the same lease.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
submit=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; break ;;
    *) submit+=("$1"); shift ;;
  esac
done
exec "$here/nightly.sh" ${submit[@]+"${submit[@]}"} -- retain "$@"
