package io.uptake.cli;

import io.uptake.jobs.ReportJob;
import io.uptake.report.ReportFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", description = "Print the adoption table as the provinces publish it (latest snapshot by default).")
final class ReportCommand implements Callable<Integer> {
  @Mixin
  Main.Common common;

  @Option(names = "--province", paramLabel = "CODE|NAME", description = "A province's table (default: the national table of province totals).")
  String province;

  @Option(names = "--as-of", paramLabel = "ISO", description = "Show the latest snapshot at or before this instant.")
  String asOf;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (people, Vietnamese number format), csv (machines) or md. Default: ${DEFAULT-VALUE}.",
      converter = FormatConverter.class)
  ReportFormat format;

  @Option(names = "--trend", description = "The daily trend toward the target (trend.*) instead of one snapshot.")
  boolean trend;

  @Override
  public Integer call() {
    if (trend) {
      System.out.print(ReportJob.trend(SparkSessions.create("uptake report"), common.load(), province).render(format));
      return 0;
    }
    var report = ReportJob.report(SparkSessions.create("uptake report"), common.load(), province,
        asOf == null ? null : RunCommand.parseInstant("--as-of", asOf));
    System.out.print(report.render(format));
    return 0;
  }

  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      return ReportFormat.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
    }
  }
}
