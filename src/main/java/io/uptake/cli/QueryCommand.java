package io.uptake.cli;

import io.uptake.jobs.QueryJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "query", description = "Spark SQL over the tables, registered as views: adoption_by_district, adoption_daily, "
    + "silver_phones, silver_phone_provinces, silver_anonymous_installs, silver_census, bronze_installs, quarantine_installs, "
    + "ingested_files, runs.")
final class QueryCommand implements Callable<Integer> {
  @Mixin
  Main.Common common;

  @Option(names = "--limit", defaultValue = "1000", description = "Most rows to print (default: ${DEFAULT-VALUE}).")
  int limit;

  @Parameters(paramLabel = "SQL", description = "The query.")
  String sql;

  @Override
  public Integer call() {
    QueryJob.query(SparkSessions.create("uptake query"), common.load(), sql).show(limit, false);
    return 0;
  }
}
