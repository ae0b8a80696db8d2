package io.uptake.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.uptake.config.ExpectationSettings;
import io.uptake.config.ExpectationSettings.Action;
import io.uptake.config.ExpectationSettings.Rule;
import io.uptake.error.Errors;
import io.uptake.schema.BronzeInstalls;
import io.uptake.schema.CleanEvents;
import io.uptake.schema.GoldAdoption;
import io.uptake.schema.QuarantineReason;
import io.uptake.schema.RowType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The run's data-quality expectations, in the declarative style of Deequ (a measure, a limit and
 * an action) but as plain Spark aggregates and driver-side arithmetic: one small aggregate for the
 * row-level check, and the cross-run checks read Uptake's own history ({@code meta/runs}, the
 * previous {@code silver/census}). Each is evaluated where its action can still take effect: the
 * volume and census checks before the run writes anything, the district check before quarantine is
 * written, the phones check before the gold snapshot.
 */
public final class Expectations {
  private Expectations() {}

  /** The night's share of accepted rows without a district, and the ingest runs whose rows go to quarantine. */
  public record DistrictShares(ExpectationResult tonight, Set<String> runsToQuarantine) {}

  /**
   * Share of accepted rows whose district did not resolve (blank, unknown, or in an unknown
   * province), per ingest run: the night is this run's rows. With action quarantine, the rows of
   * every ingest run over the limit go, so a rebuild from bronze (where each row keeps the run that
   * ingested it) quarantines what the nights did.
   */
  public static DistrictShares unresolvedDistricts(Dataset<Row> cleaned, String runId, Rule rule) {
    String name = ExpectationResult.UNRESOLVED_DISTRICT;
    if (rule.action() == Action.OFF) {
      return new DistrictShares(ExpectationResult.skipped(name, rule, "off"), Set.of());
    }
    // One row per ingest run in scope (a night: one; a rebuild: one per night in bronze).
    List<Row> perRun = cleaned.where(col(CleanEvents.REJECT_REASON).isNull())
        .groupBy(col(BronzeInstalls.RUN_ID))
        .agg(count(lit(1)), count(when(col(CleanEvents.DISTRICT_CODE).isNull(), 1)))
        .collectAsList();
    Set<String> over = new TreeSet<>();
    ExpectationResult tonight = ExpectationResult.skipped(name, rule, "no accepted rows tonight");
    for (Row r : perRun) {
      long accepted = r.getLong(1);
      long unresolved = r.getLong(2);
      double share = (double) unresolved / accepted;
      if (share > rule.limit()) {
        over.add(r.getString(0));
      }
      if (runId.equals(r.getString(0))) {
        tonight = ExpectationResult.judged(name, rule, share <= rule.limit(), share, rule.limit(),
            String.format("%s of the night's %,d accepted rows (%,d) have no resolvable district; limit %s%s",
                percent(share), accepted, unresolved, percent(rule.limit()),
                rule.action() == Action.QUARANTINE && share > rule.limit() ? "; those rows are quarantined" : ""));
      }
    }
    return new DistrictShares(tonight, rule.action() == Action.QUARANTINE ? over : Set.of());
  }

  /** Accepted rows without a district of the given ingest runs, quarantined as {@code unresolved_district}. */
  public static Dataset<Row> quarantineUnresolved(Dataset<Row> cleaned, Set<String> runs) {
    if (runs.isEmpty()) {
      return cleaned;
    }
    Column unresolved = col(CleanEvents.REJECT_REASON).isNull().and(col(CleanEvents.DISTRICT_CODE).isNull())
        .and(col(BronzeInstalls.RUN_ID).isin(runs.toArray()));
    // The value to fix: the province's when it did not resolve, else the district's.
    Column value = when(col(CleanEvents.PROVINCE_CODE).isNull(), col(BronzeInstalls.PROVINCE))
        .otherwise(col(BronzeInstalls.DISTRICT));
    return cleaned
        .withColumn(CleanEvents.REJECT_VALUE, when(unresolved, value).otherwise(col(CleanEvents.REJECT_VALUE)))
        .withColumn(CleanEvents.REJECT_REASON, when(unresolved, lit(QuarantineReason.UNRESOLVED_DISTRICT.code()))
            .otherwise(col(CleanEvents.REJECT_REASON)));
  }

  /**
   * The night's rows read against the median of the {@code nights} latest earlier nights with rows
   * (a night: the runs of one cut-off date). Skipped with fewer than three such nights.
   *
   * @param rowsByDate rows read per cut-off date by earlier runs
   * @param rowsTonight rows read for {@code night}, this run's and earlier runs' of that date
   */
  public static ExpectationResult nightVolume(NavigableMap<LocalDate, Long> rowsByDate, LocalDate night, long rowsTonight,
      Rule rule, int nights) {
    String name = ExpectationResult.NIGHT_VOLUME;
    if (rule.action() == Action.OFF) {
      return ExpectationResult.skipped(name, rule, "off");
    }
    List<Long> history = new ArrayList<>();
    for (Map.Entry<LocalDate, Long> e : rowsByDate.headMap(night, false).descendingMap().entrySet()) {
      if (e.getValue() > 0 && history.size() < nights) {
        history.add(e.getValue());
      }
    }
    int needed = Math.min(3, nights);
    if (history.size() < needed) {
      return ExpectationResult.skipped(name, rule, String.format("%d earlier night(s) with rows on record; %d needed",
          history.size(), needed));
    }
    List<Long> sorted = history.stream().sorted().toList();
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    double fraction = rowsTonight / median;
    return ExpectationResult.judged(name, rule, fraction >= rule.limit(), fraction, rule.limit(),
        String.format("%,d rows read for the night of %s, %s of the median %,.0f of the %d nights before; limit %s",
            rowsTonight, night, percent(fraction), median, n, percent(rule.limit())));
  }

  /** One census figure: an area's (district code null for a province) value of a denominator. */
  public record CensusFigure(String provinceCode, String districtCode, String denominator) {}

  /**
   * Census figures that moved by more than the limit (a fraction of the previous value) since the
   * previous census the warehouse used. Figures new or gone are not changes of a value: the census
   * reader already checks coverage.
   */
  public static ExpectationResult denominatorChange(Map<CensusFigure, Long> previous, Map<CensusFigure, Long> current,
      Function<CensusFigure, String> label, Rule rule) {
    String name = ExpectationResult.DENOMINATOR_CHANGE;
    if (rule.action() == Action.OFF) {
      return ExpectationResult.skipped(name, rule, "off");
    }
    if (previous.isEmpty()) {
      return ExpectationResult.skipped(name, rule, "no previous census in the warehouse");
    }
    int moved = 0;
    int compared = 0;
    double largest = 0;
    String example = "";
    for (Map.Entry<CensusFigure, Long> e : current.entrySet()) {
      Long before = previous.get(e.getKey());
      if (before == null) {
        continue;
      }
      compared++;
      long after = e.getValue();
      double change = before == 0 ? (after == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.abs(after - before) / (double) before;
      if (change > rule.limit()) {
        moved++;
      }
      if (change > largest) {
        largest = change;
        example = String.format("%s %s %,d → %,d", label.apply(e.getKey()), e.getKey().denominator(), before, after);
      }
    }
    return ExpectationResult.judged(name, rule, moved == 0, Double.isInfinite(largest) ? null : largest, rule.limit(),
        moved == 0 ? String.format("%,d census figures compared with the previous census; the largest change %s; limit %s",
            compared, percent(largest), percent(rule.limit()))
            : String.format("%,d of %,d census figures moved more than %s from the previous census; the largest: %s (%s)",
                moved, compared, percent(rule.limit()), example, Double.isInfinite(largest) ? "from 0" : percent(largest)));
  }

  /**
   * Areas (districts, province totals, the national total) of a gold snapshot with more phones than
   * their {@code denominator} (smartphones by default): a census too low, or phones attributed to
   * the wrong area.
   */
  public static ExpectationResult phonesAbove(Dataset<Row> gold, String denominator, Rule rule) {
    String name = ExpectationResult.PHONES_ABOVE_DENOMINATOR;
    if (rule.action() == Action.OFF) {
      return ExpectationResult.skipped(name, rule, "off");
    }
    if (!List.of(gold.columns()).contains(denominator)) {
      return ExpectationResult.skipped(name, rule, "the census has no '" + denominator + "' column");
    }
    // One snapshot (a few hundred areas, already on the driver): collected once, judged here.
    // Not the unassigned rows: their denominator is what the census leaves outside the districts
    // (often 0), and their phones are those whose district did not resolve: not an area.
    List<Row> areas = gold.where(col(denominator).isNotNull()
            .and(col(GoldAdoption.ROW_TYPE).notEqual(RowType.UNASSIGNED.code())))
        .select(GoldAdoption.PROVINCE_NAME, GoldAdoption.DISTRICT_NAME, GoldAdoption.ROW_TYPE, GoldAdoption.PHONES, denominator)
        .collectAsList();
    List<Row> above = areas.stream().filter(r -> r.getLong(3) > ((Number) r.get(4)).longValue())
        .sorted(java.util.Comparator.comparingLong((Row r) -> r.getLong(3) - ((Number) r.get(4)).longValue()).reversed())
        .toList();
    if (above.isEmpty()) {
      return ExpectationResult.judged(name, rule, true, 0.0, 0.0,
          String.format("none of %,d areas with a %s figure has more phones", areas.size(), denominator));
    }
    List<String> examples = above.stream().limit(3).map(r -> String.format("%s: %,d phones, %,d %s",
        !r.isNullAt(1) ? r.getString(1) + ", " + r.getString(0) : !r.isNullAt(0) ? r.getString(0) + " (" + r.getString(2) + ")"
            : r.getString(2),
        r.getLong(3), ((Number) r.get(4)).longValue(), denominator)).toList();
    return ExpectationResult.judged(name, rule, false, (double) above.size(), 0.0,
        String.format("%,d of %,d areas have more phones than %s: %s%s", above.size(), areas.size(), denominator,
            String.join("; ", examples), above.size() > 3 ? "; …" : ""));
  }

  /** Stops the run (exit 6) if an expectation with action fail did not hold; says what was kept. */
  public static void stopIfFailed(List<ExpectationResult> results, String state) {
    List<String> failed = results.stream().filter(ExpectationResult::failed).map(r -> r.name() + " (" + r.detail() + ")").toList();
    if (!failed.isEmpty()) {
      boolean census = results.stream().anyMatch(r -> r.failed() && r.name().equals(ExpectationResult.DENOMINATOR_CHANGE));
      throw Errors.expectationFailed("complete the run", "expectation " + String.join(" and ", failed)
          + " did not hold, and its action is fail; " + state + (census ? "; if the new census is right, run once with "
          + "expectations.denominator_change.action: warn, and later runs compare with it" : ""));
    }
  }

  static String percent(double fraction) {
    return Double.isInfinite(fraction) ? "∞" : String.format("%.1f%%", fraction * 100);
  }
}
