#!/usr/bin/env bash
# Submits Uptake's nightly run to a Spark cluster with spark-submit, in client deploy mode: the
# driver runs here, reads the configuration, prints the run summary, and its exit status is ours.
#
# Usage: jobs/nightly.sh --master URL --config FILE|URI [spark-submit options ...] [-- uptake command ...]
#   --master URL       spark://host:7077, yarn, k8s://https://..., local[4]
#   --config FILE|URI  the YAML: a local file, or any Hadoop URI (hdfs://, s3a://, abfss://, file:/...)
#   Every other option before "--" goes to spark-submit as given, after this script's defaults, so
#   yours win (--conf k=v, --executor-memory 4g, --num-executors 8, --name, --properties-file ...).
#   After "--": the uptake command and its options; default "run", whose cut-off is now. Nightly,
#   name the day: -- run --date 2021-05-06. A backfill: -- run --from 2021-05-01 --to 2021-05-06.
# Env: SPARK_HOME (required), UPTAKE_JAR (default target/uptake.jar; build it first with
#   mvn -B -DskipTests package: a scheduler must not start a build), UPTAKE_PHONE_KEY (the phone
#   pseudonym key, 64 hex digits, unless the YAML names privacy.phone_key_file; a cluster run
#   without either exits 2).
# Exit status: the driver's. 0 done, 1 internal error or environment (retry), 2 usage,
# configuration or phone key, 3 bad input data, nothing written (fix, then rerun), 4 done but some files were
# rejected as unreadable (have them redelivered), 5 another run holds the warehouse, nothing
# written (retry later), 6 an expectation failed (look before rerunning); spark-submit's own failures are 1 or 101.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage() { echo "nightly.sh: $1" >&2; exit 2; }

[ -n "${SPARK_HOME:-}" ] || usage "set SPARK_HOME to the Spark 3.5 (Scala 2.12) installation to submit with"
[ -x "$SPARK_HOME/bin/spark-submit" ] || usage "no executable $SPARK_HOME/bin/spark-submit"
jar="${UPTAKE_JAR:-$here/target/uptake.jar}"
[ -f "$jar" ] || usage "no application jar at $jar (build it: mvn -B -DskipTests package)"

master=""
config=""
submit=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master) [ $# -ge 2 ] || usage "--master needs a URL"; master="$2"; shift 2 ;;
    --master=*) master="${1#--master=}"; shift ;;
    --config) [ $# -ge 2 ] || usage "--config needs a file or URI"; config="$2"; shift 2 ;;
    --config=*) config="${1#--config=}"; shift ;;
    --deploy-mode|--deploy-mode=*)
      mode="${1#--deploy-mode}"; mode="${mode#=}"
      if [ -z "$mode" ]; then [ $# -ge 2 ] || usage "--deploy-mode needs a value"; mode="$2"; shift; fi
      shift
      # Cluster mode would run the driver on the cluster: its summary and its exit status (which
      # tells a scheduler "retry" from "fix the data") would not come back here.
      [ "$mode" = client ] || usage "only --deploy-mode client is supported (got $mode)" ;;
    --) shift; break ;;
    *) submit+=("$1"); shift ;;
  esac
done
[ -n "$master" ] || usage "--master URL is required"
[ -n "$config" ] || usage "--config FILE|URI is required"
app=("$@")
[ ${#app[@]} -gt 0 ] || app=(run)

if [[ ! "$config" =~ ^[a-zA-Z][a-zA-Z0-9+.-]+: ]]; then
  [ -f "$config" ] || usage "config file $config does not exist"
  # The driver runs here (client mode): an absolute local path is all it needs.
  config="$(cd "$(dirname "$config")" && pwd)/$(basename "$config")"
fi

cmd=("${app[0]}" --config "$config")   # the subcommand first: each one takes --config
[ ${#app[@]} -le 1 ] || cmd+=("${app[@]:1}")
# ${a[@]+...}: an empty array under set -u on bash before 4.4.
exec "$SPARK_HOME/bin/spark-submit" \
  --master "$master" --deploy-mode client --name "uptake ${app[0]}" --class io.uptake.cli.Main \
  ${submit[@]+"${submit[@]}"} "$jar" "${cmd[@]}"
