package io.uptake.cli;

import io.uptake.config.ConfigKey;
import io.uptake.config.UptakeConfig;
import io.uptake.error.Errors;
import io.uptake.jobs.RunJob;
import io.uptake.jobs.RunSummary;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", description = "The nightly job: install logs + census → bronze, silver and a gold snapshot as of a cut-off.")
final class RunCommand implements Callable<Integer> {
  @Mixin
  Main.Common common;

  @Option(names = "--installs", paramLabel = "DIR", description = "Install logs directory (overrides inputs.installs).")
  String installs;

  @Option(names = "--census", paramLabel = "DIR", description = "Census directory (overrides inputs.census).")
  String census;

  @Option(names = "--cutoff", paramLabel = "ISO", description = "Cut-off instant, ISO-8601 with offset, e.g. 2021-05-06T17:00:00+07:00 (default: now).")
  String cutoff;

  @Override
  public Integer call() {
    UptakeConfig config = common.load().withInstalls(installs).withCensus(census);
    if (config.installs() == null) {
      throw Errors.usage("run", "no install logs given; pass --installs DIR or set " + ConfigKey.INPUTS_INSTALLS.key());
    }
    if (config.census() == null) {
      throw Errors.usage("run", "no census given; pass --census DIR or set " + ConfigKey.INPUTS_CENSUS.key());
    }
    Instant at = cutoff == null ? Instant.now() : parseInstant("--cutoff", cutoff);
    SparkSession spark = SparkSessions.create("uptake run");
    RunSummary summary = RunJob.run(spark, config, at, System.err);
    System.out.print(summary.render());
    return 0;
  }

  static Instant parseInstant(String flag, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw Errors.usage("parse " + flag, "'" + value + "' is not ISO-8601 with an offset (e.g. 2021-05-06T17:00:00+07:00)");
    }
  }
}
