package io.uptake.cli;

import io.uptake.config.ConfigKey;
import io.uptake.config.UptakeConfig;
import io.uptake.error.Errors;
import io.uptake.jobs.RetentionJob;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "retain", description = "Delete raw rows (bronze, quarantine) older than the retention period and VACUUM "
    + "them away; silver can then no longer be rebuilt from bronze.")
final class RetainCommand implements Callable<Integer> {
  @Mixin
  Main.Common common;

  @Option(names = "--days", paramLabel = "N", description = "Keep the last N days, today included (overrides retention.days).")
  Integer days;

  @Option(names = "--dry-run", description = "Count what would be deleted; delete nothing.")
  boolean dryRun;

  @Option(names = "--break-lock", description = "Take the warehouse's lease from the run holding it, which must be known to be dead.")
  boolean breakLock;

  @Override
  public Integer call() {
    UptakeConfig config = common.load();
    Integer keep = days != null ? days : config.retentionDays();
    if (keep == null) {
      throw Errors.usage("retain", "no retention period; pass --days N or set " + ConfigKey.RETENTION_DAYS.key());
    }
    RetentionJob.Result result = RetentionJob.run(SparkSessions.create("uptake retain"), config, keep,
        LocalDate.now(config.timeZone()), dryRun, breakLock, System.err);
    System.out.print(result.render());
    return 0;
  }
}
