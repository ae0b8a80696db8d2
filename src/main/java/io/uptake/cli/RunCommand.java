package io.uptake.cli;

import io.uptake.config.ConfigKey;
import io.uptake.config.OnBadFile;
import io.uptake.config.UptakeConfig;
import io.uptake.error.Errors;
import io.uptake.pipeline.NightlyRun;
import io.uptake.pipeline.RunSummary;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
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

  @Option(names = "--date", paramLabel = "DATE", description = "Cut-off at schedule.reporting_time of this day, e.g. 2021-05-06.")
  LocalDate date;

  @Option(names = "--fail-fast", description = "Stop at the first install log that cannot be read, before any write "
      + "(exit 3), instead of rejecting it and going on (exit 4); overrides ingest.on_bad_file.")
  boolean failFast;

  @Option(names = "--rekey", description = "Accept a phone key other than the one silver was built with: "
      + "delete the silver phone tables and rebuild them from bronze under the new key.")
  boolean rekey;

  @Option(names = "--break-lock", description = "Take the warehouse's lease from the run that holds it, even one on "
      + "another host that may be alive: only when that run is known to be dead.")
  boolean breakLock;

  @Option(names = "--from", paramLabel = "DATE", description = "Backfill: rebuild silver from bronze and write the daily snapshots from this day ...")
  LocalDate from;

  @Option(names = "--to", paramLabel = "DATE", description = "... to this day (inclusive).")
  LocalDate to;

  @Override
  public Integer call() {
    UptakeConfig config = common.load().with(ConfigKey.INPUTS_INSTALLS, Main.overridden("--installs", installs))
        .with(ConfigKey.INPUTS_CENSUS, Main.overridden("--census", census))
        .with(ConfigKey.INGEST_ON_BAD_FILE, failFast ? OnBadFile.STOP : null);
    if (config.installs() == null) {
      throw Errors.usage("run", "no install logs given; pass --installs DIR or set " + ConfigKey.INPUTS_INSTALLS.key());
    }
    if (config.census() == null) {
      throw Errors.usage("run", "no census given; pass --census DIR or set " + ConfigKey.INPUTS_CENSUS.key());
    }
    int given = (cutoff != null ? 1 : 0) + (date != null ? 1 : 0) + (from != null || to != null ? 1 : 0);
    if (given > 1) {
      throw Errors.usage("run", "give one of --cutoff, --date or --from/--to");
    }
    NightlyRun run;
    if (from != null || to != null) {
      if (from == null || to == null || to.isBefore(from)) {
        throw Errors.usage("run", "a backfill needs --from DATE and --to DATE, with --to on or after --from");
      }
      List<Instant> days = from.datesUntil(to.plusDays(1)).map(config::cutoffOf).toList();
      run = NightlyRun.of(SparkSessions.create("uptake backfill"), config).cutoffs(days).rebuild();
    } else {
      Instant at = date != null ? config.cutoffOf(date) : cutoff == null ? Instant.now() : parseInstant("--cutoff", cutoff);
      run = NightlyRun.of(SparkSessions.create("uptake run"), config).asOf(at);
    }
    if (rekey) {
      run.rekey();
    }
    if (breakLock) {
      run.breakLock();
    }
    RunSummary summary = run.progressTo(System.err).execute();
    System.out.print(summary.render());
    return summary.exitCode().status();
  }

  static Instant parseInstant(String flag, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw Errors.usage("parse " + flag, "'" + value + "' is not ISO-8601 with an offset (e.g. 2021-05-06T17:00:00+07:00)");
    }
  }
}
