package io.uptake.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The daily trend of one area (the country or a province) toward the adoption target. */
public final class TrendReport {

  /** One day of {@code gold/adoption_daily} for the area. */
  public record Day(LocalDate date, Long phones, Long newPhones, Long targetBase, Long targetPhones, Double progress,
      Double pace7d, LocalDate projectedDate, Boolean reached, boolean phonesSuppressed, boolean newPhonesSuppressed) {}

  private final String scopeName;
  private final String targetDenominator;
  private final double targetShare;
  private final List<Day> days;
  /** The smallest count shown (null: all); the days' counts come suppressed already. */
  private final Integer minCount;

  public TrendReport(String scopeName, String targetDenominator, double targetShare, List<Day> days, Integer minCount) {
    this.minCount = minCount;
    this.scopeName = scopeName;
    this.targetDenominator = targetDenominator;
    this.targetShare = targetShare;
    this.days = List.copyOf(days);
  }

  public String scopeName() {
    return scopeName;
  }

  public List<Day> days() {
    return days;
  }

  public String render(ReportFormat format) {
    if (format.isFile()) {
      throw new IllegalArgumentException(format + " is a file: the HTML report holds the trend");
    }
    List<String> header = new ArrayList<>(List.of("date", "phones", "new_phones", "phones_pct_" + targetDenominator,
        "target_phones", "progress_pct", "pace_7d", "projected_date"));
    boolean flags = minCount != null && format == ReportFormat.CSV;
    if (flags) {
      header.addAll(List.of("phones_suppressed", "new_phones_suppressed"));
    }
    List<List<String>> rows = new ArrayList<>();
    for (Day d : days) {
      List<String> row = new ArrayList<>(List.of(d.date().toString(), count(d.phones(), d.phonesSuppressed(), format),
          count(d.newPhones(), d.newPhonesSuppressed(), format),
          pct(d.targetBase() == null || d.phones() == null ? null : PublishedNumbers.percent(d.phones(), d.targetBase())), str(d.targetPhones()),
          pct(d.progress() == null ? null : BigDecimal.valueOf(d.progress() * 100).setScale(2, RoundingMode.HALF_UP)),
          d.pace7d() == null ? "" : BigDecimal.valueOf(d.pace7d()).setScale(1, RoundingMode.HALF_UP).toPlainString(),
          Boolean.TRUE.equals(d.reached()) ? "reached" : d.projectedDate() == null ? "" : d.projectedDate().toString()));
      if (flags) {
        row.addAll(List.of(Boolean.toString(d.phonesSuppressed()), Boolean.toString(d.newPhonesSuppressed())));
      }
      rows.add(row);
    }
    if (format == ReportFormat.CSV) {
      StringBuilder out = new StringBuilder();
      try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").build())) {
        p.printRecord(header);
        for (List<String> r : rows) {
          p.printRecord(r);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toString();
    }
    StringBuilder b = new StringBuilder();
    b.append(String.format("Trend — %s — target %s%% of %s%n", scopeName,
        BigDecimal.valueOf(targetShare * 100).stripTrailingZeros().toPlainString(), targetDenominator));
    int[] width = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    String sep = format == ReportFormat.MD ? " | " : "  ";
    appendRow(b, header, width, sep, format);
    if (format == ReportFormat.MD) {
      b.append("|").append("---:|".repeat(header.size())).append('\n');
    }
    rows.forEach(r -> appendRow(b, r, width, sep, format));
    if (minCount != null) {
      b.append(String.format("%nx: not published, a count below %d or one that would reveal such a count (from a "
          + "total, or from another day); what is computed from it is blank too (publish.min_count = %d).%n",
          minCount, minCount));
    }
    return b.toString();
  }

  /** A published count: the number, or if suppressed "x" for people and blank for machines. */
  private static String count(Long v, boolean suppressed, ReportFormat format) {
    return !suppressed ? str(v) : format == ReportFormat.CSV ? "" : "x";
  }

  private static void appendRow(StringBuilder b, List<String> cells, int[] width, String sep, ReportFormat format) {
    List<String> padded = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      padded.add(" ".repeat(width[i] - cells.get(i).length()) + cells.get(i));
    }
    String line = String.join(sep, padded);
    b.append(format == ReportFormat.MD ? "| " + line + " |" : line.stripTrailing()).append('\n');
  }

  private static String str(Long v) {
    return v == null ? "" : v.toString();
  }

  private static String pct(BigDecimal p) {
    return p == null ? "" : p.toPlainString();
  }
}
