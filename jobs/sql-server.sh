#!/usr/bin/env bash
# SQL for BI tools: serves the gold tables (adoption_by_district, adoption_daily) and their published
# views over JDBC/ODBC with Spark's Thrift server (HiveServer2 protocol), on an embedded local Spark.
# Connect with jdbc:hive2://127.0.0.1:10000/default (Hive JDBC driver; no user or password).
# Stop it with SIGTERM or Ctrl-C. On a cluster, submit the same command with spark-submit (docs/cluster.md).
# Usage: jobs/sql-server.sh [--warehouse DIR] [--port N] [--bind ADDRESS] [--config FILE]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$here/jobs/uptake" sql-server "$@"
