package io.uptake.cli;

import io.uptake.config.UptakeConfig;
import io.uptake.error.Errors;
import io.uptake.jobs.ReportJob;
import io.uptake.report.AdoptionReport;
import io.uptake.report.ReportFile;
import io.uptake.report.HtmlReport;
import io.uptake.report.ReportFormat;
import io.uptake.report.SpreadsheetReport;
import io.uptake.report.TrendReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", description = "Print the adoption table as the provinces publish it (latest snapshot by default), "
    + "or write it as a spreadsheet or a self-contained HTML page with charts.")
final class ReportCommand implements Callable<Integer> {
  @Mixin
  Main.Common common;

  @Option(names = "--province", paramLabel = "CODE|NAME", description = "A province's table (default: the national table of province totals).")
  String province;

  @Option(names = "--as-of", paramLabel = "ISO", description = "Show the latest snapshot at or before this instant.")
  String asOf;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (people, Vietnamese number format), csv (machines), md, xlsx (the official layout, with --out) "
          + "or html (one offline file with charts, with --out). Default: ${DEFAULT-VALUE}.",
      converter = FormatConverter.class)
  ReportFormat format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (replaced whole, never half-written) "
      + "instead of standard output; required for xlsx and html.")
  Path out;

  @Option(names = "--trend", description = "The daily trend toward the target (trend.*) instead of one snapshot.")
  boolean trend;

  @Override
  public Integer call() {
    if (format.isFile() && out == null) {
      throw Errors.usage("report --format " + name(format), "a " + name(format) + " report is a file: give --out FILE");
    }
    if (trend && format.isFile()) {
      throw Errors.usage("report --trend --format " + name(format),
          "the trend prints as table, csv or md; the html report (without --trend) charts it");
    }
    UptakeConfig config = common.load();
    SparkSession spark = SparkSessions.create("uptake report");
    if (trend) {
      emit(ReportJob.trend(spark, config, province).render(format).getBytes(StandardCharsets.UTF_8));
      return 0;
    }
    AdoptionReport report = ReportJob.report(spark, config, province,
        asOf == null ? null : RunCommand.parseInstant("--as-of", asOf));
    emit(switch (format) {
      case XLSX -> spreadsheet(report);
      case HTML -> html(spark, config, report);
      default -> report.render(format).getBytes(StandardCharsets.UTF_8);
    });
    return 0;
  }

  private byte[] spreadsheet(AdoptionReport report) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      SpreadsheetReport.write(report, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private byte[] html(SparkSession spark, UptakeConfig config, AdoptionReport report) {
    // The trend as it stood at the snapshot: a past snapshot's page shows no later day.
    TrendReport days = ReportJob.trend(spark, config, province, report.asOf());
    HtmlReport.Quality quality = ReportJob.quality(spark, config, report.asOf());
    return HtmlReport.render(report, days, quality, config.targetDenominator(), config.targetShare())
        .getBytes(StandardCharsets.UTF_8);
  }

  private void emit(byte[] content) {
    if (out == null) {
      System.out.print(new String(content, StandardCharsets.UTF_8));
      return;
    }
    Path written = ReportFile.replace(out, content);
    System.err.println("Wrote " + written + " (" + content.length + " bytes)");
  }

  private static String name(ReportFormat f) {
    return f.name().toLowerCase(java.util.Locale.ROOT);
  }

  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      return ReportFormat.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
    }
  }
}
