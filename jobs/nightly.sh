#!/usr/bin/env bash
# Submits Uptake's nightly run to a Spark cluster with spark-submit (client deploy mode).
#
# Usage: jobs/nightly.sh --master URL --config FILE|URI [spark-submit options ...] [-- uptake options ...]
#   --master URL       spark://host:7077, yarn, k8s://..., local[4]
#   --config FILE|URI  the YAML: a local file (shipped with --files too) or any Hadoop URI
#                      (hdfs://, s3a://, abfss://, file:/...)
#   every other option before "--" goes to spark-submit unchanged and in order (--conf k=v,
#   --executor-memory 4g, --num-executors, --properties-file ...); later ones win over the
#   defaults below. After "--": the uptake command and its options (default: run, i.e. tonight's
#   cut-off; for example -- run --date 2021-05-06, or -- run --from 2021-05-01 --to 2021-05-06).
# Env: SPARK_HOME (required), UPTAKE_JAR (default target/uptake.jar, built when missing).
# Exit status is the driver's: 0 done, 1 internal error, 2 usage or configuration, 3 bad input
# data (see the README's "Running on a cluster").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${SPARK_HOME:?set SPARK_HOME to the Spark 3.5 installation to submit with}"
jar="${UPTAKE_JAR:-$here/target/uptake.jar}"

master=""
config=""
submit=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master) master="${2:?--master needs a URL}"; shift 2 ;;
    --master=*) master="${1#--master=}"; shift ;;
    --config) config="${2:?--config needs a file or URI}"; shift 2 ;;
    --config=*) config="${1#--config=}"; shift ;;
    --deploy-mode|--deploy-mode=*)
      echo "nightly.sh: client deploy mode only (the driver reads the local config and prints the summary)" >&2; exit 2 ;;
    --) shift; break ;;
    *) submit+=("$1"); shift ;;
  esac
done
[ -n "$master" ] || { echo "nightly.sh: --master URL is required" >&2; exit 2; }
[ -n "$config" ] || { echo "nightly.sh: --config FILE|URI is required" >&2; exit 2; }
app=("$@")
[ ${#app[@]} -gt 0 ] || app=(run)

if [ ! -f "$jar" ]; then
  echo "Building the application jar (mvn package) ..." >&2
  (cd "$here" && mvn -q -B -DskipTests package) >&2
fi

files=()
if [[ ! "$config" =~ ^[a-zA-Z][a-zA-Z0-9+.-]*: ]]; then
  [ -f "$config" ] || { echo "nightly.sh: config file $config does not exist" >&2; exit 2; }
  config="$(cd "$(dirname "$config")" && pwd)/$(basename "$config")"
  files=(--files "$config")
fi

# The subcommand first, then --config: every uptake subcommand takes it.
cmd=("${app[0]}" --config "$config" "${app[@]:1}")
exec "$SPARK_HOME/bin/spark-submit" \
  --master "$master" --deploy-mode client --name "uptake ${app[0]}" --class io.uptake.cli.Main \
  "${files[@]}" "${submit[@]}" "$jar" "${cmd[@]}"
