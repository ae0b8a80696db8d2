package io.uptake.report;

import io.uptake.schema.GoldAdoption;
import io.uptake.schema.RowType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * One published table: the rows of one snapshot for a province (its districts, unassigned, total)
 * or for the country (each province's total, unknown province, national total), rendered for
 * people or machines. Spark-free: it takes the already collected rows of one snapshot.
 */
public final class AdoptionReport {
  private static final Map<String, String> DENOMINATOR_LABELS = Map.of(
      "population", "Dân số", "smartphones", "Số smartphone");
  private static final Map<String, String> SHARE_LABELS = Map.of(
      "population", "Tỷ lệ / dân số", "smartphones", "Tỷ lệ / số smartphone");

  /** One gold row, as the report needs it. Denominator values are in {@code denominators} order. */
  public record Line(String provinceCode, String provinceName, String districtCode, String districtName,
      RowType rowType, long phones, List<Long> denominatorValues) {}

  private final Instant asOf;
  private final ZoneId zone;
  private final String scopeName;
  private final List<String> denominators;
  private final List<Line> lines;
  /** The smallest count shown (null: every count), and how each line's phones are shown. */
  private final Integer minCount;
  private final Map<Line, SmallCells.Mark> marks;

  private AdoptionReport(Instant asOf, ZoneId zone, String scopeName, List<String> denominators, List<Line> lines,
      Integer minCount, Map<Line, SmallCells.Mark> marks) {
    this.asOf = asOf;
    this.zone = zone;
    this.scopeName = scopeName;
    this.denominators = List.copyOf(denominators);
    this.lines = List.copyOf(lines);
    this.minCount = minCount;
    this.marks = marks;
  }

  /** A province's table: its total first, then districts by code, then unassigned. */
  public static AdoptionReport province(Instant asOf, ZoneId zone, String provinceName, List<String> denominators, List<Line> snapshot, String provinceCode) {
    return province(asOf, zone, provinceName, denominators, snapshot, provinceCode, null);
  }

  /** As above, with counts below {@code minCount} (and those that would reveal them) suppressed; null: none. */
  public static AdoptionReport province(Instant asOf, ZoneId zone, String provinceName, List<String> denominators,
      List<Line> snapshot, String provinceCode, Integer minCount) {
    List<Line> rows = new ArrayList<>(snapshot.stream().filter(l -> provinceCode.equals(l.provinceCode())).toList());
    rows.sort(Comparator.comparingInt((Line l) -> order(l.rowType())).thenComparing(l -> l.districtCode() == null ? "" : l.districtCode()));
    return new AdoptionReport(asOf, zone, provinceName, denominators, rows, minCount, marks(snapshot, minCount));
  }

  /** The national table: the national total first, then each province's total by code, then unknown province. */
  public static AdoptionReport national(Instant asOf, ZoneId zone, List<String> denominators, List<Line> snapshot) {
    return national(asOf, zone, denominators, snapshot, null);
  }

  /** As above, with counts below {@code minCount} (and those that would reveal them) suppressed; null: none. */
  public static AdoptionReport national(Instant asOf, ZoneId zone, List<String> denominators, List<Line> snapshot,
      Integer minCount) {
    List<Line> rows = new ArrayList<>(snapshot.stream()
        .filter(l -> l.rowType() != RowType.DISTRICT && l.rowType() != RowType.UNASSIGNED)
        .toList());
    rows.sort(Comparator.comparingInt((Line l) -> order(l.rowType())).thenComparing(l -> l.provinceCode() == null ? "" : l.provinceCode()));
    return new AdoptionReport(asOf, zone, "Toàn quốc", denominators, rows, minCount, marks(snapshot, minCount));
  }

  /** Suppression is decided over the whole snapshot: a province's table depends on the national totals. */
  private static Map<Line, SmallCells.Mark> marks(List<Line> snapshot, Integer minCount) {
    Map<Line, SmallCells.Mark> m = new java.util.HashMap<>();
    if (minCount == null) {
      return m;
    }
    List<SmallCells.Mark> marks = SmallCells.suppress(snapshot.stream()
        .map(l -> new SmallCells.Cell(l.rowType(), l.provinceCode(), l.districtCode(), l.phones())).toList(), minCount);
    for (int i = 0; i < snapshot.size(); i++) {
      m.put(snapshot.get(i), marks.get(i));
    }
    return m;
  }

  private SmallCells.Mark mark(Line l) {
    return marks.getOrDefault(l, SmallCells.Mark.SHOWN);
  }

  /** The note under a table with suppressed counts, in the table's language (null: nothing to say). */
  public String suppressionNote() {
    if (minCount == null) {
      return null;
    }
    long hiddenCount = lines.stream().filter(l -> mark(l).hidden()).count();
    return "Ghi chú: «x» là số không công bố: số nhỏ hơn " + minCount + ", và các số có thể dùng để suy ra chúng "
        + "từ tổng; bảng này ẩn " + hiddenCount + " số (publish.min_count = " + minCount + ").";
  }

  private static int order(RowType rowType) {
    return switch (rowType) {
      case NATIONAL_TOTAL -> 0;
      case PROVINCE_TOTAL -> 1;
      case DISTRICT -> 2;
      case UNASSIGNED, UNKNOWN_PROVINCE -> 3;
    };
  }

  public List<Line> lines() {
    return lines;
  }

  public Instant asOf() {
    return asOf;
  }

  public ZoneId zone() {
    return zone;
  }

  public String scopeName() {
    return scopeName;
  }

  public List<String> denominators() {
    return denominators;
  }

  public String render(ReportFormat format) {
    return switch (format) {
      case CSV -> csv();
      case MD -> markdown();
      case TABLE -> text();
      case XLSX, HTML -> throw new IllegalArgumentException(format + " is a file: SpreadsheetReport, HtmlReport");
    };
  }

  private String asOfIso() {
    return OffsetDateTime.ofInstant(asOf, zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  /** "Bluezoner có số điện thoại — scope — tính đến HH:mm ngày dd/MM/yyyy (zone)". */
  public String title() {
    OffsetDateTime t = OffsetDateTime.ofInstant(asOf, zone);
    return "Bluezoner có số điện thoại — " + scopeName + " — tính đến "
        + t.format(DateTimeFormatter.ofPattern("HH:mm 'ngày' dd/MM/yyyy")) + " (" + zone.getId() + ")";
  }

  /** For machines: one row per line, percentages half-up to 2 decimals, plain integers. */
  private String csv() {
    List<String> header = new ArrayList<>(List.of(GoldAdoption.AS_OF, GoldAdoption.PROVINCE_CODE, GoldAdoption.PROVINCE_NAME,
        GoldAdoption.DISTRICT_CODE, GoldAdoption.DISTRICT_NAME, GoldAdoption.ROW_TYPE, GoldAdoption.PHONES));
    for (String d : denominators) {
      header.add(d);
      header.add("phones_pct_" + d);
    }
    if (minCount != null) {
      header.add(GoldAdoption.PHONES + PublishedViews.SUFFIX);
    }
    StringBuilder out = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").build())) {
      printer.printRecord(header);
      for (Line l : lines) {
        boolean shown = !mark(l).hidden();
        List<String> cells = new ArrayList<>(List.of(asOfIso(), nz(l.provinceCode()), nz(l.provinceName()),
            nz(l.districtCode()), nz(l.districtName()), l.rowType().code(), shown ? Long.toString(l.phones()) : ""));
        for (Long value : l.denominatorValues()) {
          cells.add(value == null ? "" : value.toString());
          BigDecimal pct = PublishedNumbers.percent(l.phones(), value);
          cells.add(pct == null || !shown ? "" : pct.toPlainString());
        }
        if (minCount != null) {
          cells.add(Boolean.toString(!shown));
        }
        printer.printRecord(cells);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** The Vietnamese column headers of the published table. */
  public List<String> peopleHeader() {
    List<String> h = new ArrayList<>(List.of("TT", "Phạm vi", "Bluezoner có số điện thoại"));
    for (String d : denominators) {
      h.add(DENOMINATOR_LABELS.getOrDefault(d, d));
      h.add(SHARE_LABELS.getOrDefault(d, "Tỷ lệ / " + d));
    }
    return h;
  }

  /**
   * One row as published: its number (blank for the table's own total), its label, and its counts;
   * {@code phones} and the percentages are null where the count is not published ("x").
   */
  public record PublishedRow(String number, String label, boolean total, Long phones, List<Long> denominatorValues,
      List<BigDecimal> percents) {
    public boolean suppressed() {
      return phones == null;
    }
  }

  /** The rows in published order: the total first, then numbered rows. */
  public List<PublishedRow> publishedRows() {
    List<PublishedRow> rows = new ArrayList<>();
    int n = 0;
    for (Line l : lines) {
      boolean total = l.rowType() == RowType.PROVINCE_TOTAL && scopeName.equals(l.provinceName())
          || l.rowType() == RowType.NATIONAL_TOTAL;
      boolean shown = !mark(l).hidden();
      List<BigDecimal> percents = new ArrayList<>();
      for (Long value : l.denominatorValues()) {
        percents.add(shown ? PublishedNumbers.percent(l.phones(), value) : null);
      }
      rows.add(new PublishedRow(total ? "" : Integer.toString(++n), label(l), total, shown ? l.phones() : null,
          l.denominatorValues(), percents));
    }
    return rows;
  }

  /** The published rows as the people formats print them: Vietnamese numbers, "x" where held back. */
  public List<List<String>> peopleCells() {
    List<List<String>> rows = new ArrayList<>();
    for (PublishedRow r : publishedRows()) {
      List<String> cells = new ArrayList<>(List.of(r.number(), r.label(),
          r.suppressed() ? "x" : PublishedNumbers.vietnameseInteger(r.phones())));
      for (int i = 0; i < r.denominatorValues().size(); i++) {
        Long value = r.denominatorValues().get(i);
        BigDecimal pct = r.percents().get(i);
        cells.add(value == null ? "" : PublishedNumbers.vietnameseInteger(value));
        // A share with no denominator is blank; one whose count is not published is "x".
        cells.add(value == null || value == 0 ? "" : r.suppressed() ? "x" : PublishedNumbers.vietnamesePercent(pct));
      }
      rows.add(cells);
    }
    return rows;
  }

  private String label(Line l) {
    return switch (l.rowType()) {
      case DISTRICT -> l.districtName();
      case UNASSIGNED -> "Chưa xác định quận/huyện";
      case PROVINCE_TOTAL -> scopeName.equals(l.provinceName()) ? "Tổng " + l.provinceName() : l.provinceName();
      case NATIONAL_TOTAL -> "Tổng toàn quốc";
      case UNKNOWN_PROVINCE -> "Chưa xác định tỉnh/thành phố";
    };
  }

  private String text() {
    List<String> header = peopleHeader();
    List<List<String>> rows = peopleCells();
    int[] width = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder(title()).append('\n');
    appendAligned(b, header, width);
    b.append(String.join("  ", java.util.Arrays.stream(width).mapToObj("-"::repeat).toList())).append('\n');
    rows.forEach(r -> appendAligned(b, r, width));
    if (suppressionNote() != null) {
      b.append(suppressionNote()).append('\n');
    }
    return b.toString();
  }

  private static void appendAligned(StringBuilder b, List<String> cells, int[] width) {
    List<String> padded = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      String pad = " ".repeat(width[i] - c.length());
      padded.add(i == 1 ? c + pad : pad + c);
    }
    b.append(String.join("  ", padded).stripTrailing()).append('\n');
  }

  private String markdown() {
    List<String> header = peopleHeader();
    StringBuilder b = new StringBuilder("**").append(title()).append("**\n\n");
    b.append("| ").append(String.join(" | ", header)).append(" |\n");
    b.append("|").append(header.stream().map(h -> h.equals("Phạm vi") ? ":---|" : "---:|").reduce("", String::concat)).append('\n');
    for (List<String> r : peopleCells()) {
      b.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    if (suppressionNote() != null) {
      b.append('\n').append(suppressionNote()).append('\n');
    }
    return b.toString();
  }
}
