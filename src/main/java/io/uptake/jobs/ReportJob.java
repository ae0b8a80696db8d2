package io.uptake.jobs;

import static org.apache.spark.sql.functions.*;

import io.uptake.config.UptakeConfig;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.error.Errors;
import io.uptake.geo.AdminUnit;
import io.uptake.geo.AreaResolver;
import io.uptake.geo.Reference;
import io.uptake.pipeline.RunLog;
import io.uptake.report.AdoptionReport;
import io.uptake.report.HtmlReport;
import io.uptake.report.PublishedViews;
import io.uptake.report.TrendReport;
import io.uptake.schema.GoldAdoption;
import io.uptake.schema.GoldAdoptionDaily;
import io.uptake.schema.RowType;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads one gold snapshot (the latest, or the latest at or before {@code --as-of}) into a report. */
public final class ReportJob {
  private ReportJob() {}

  /** @param province a code or name, or null for the national table */
  public static AdoptionReport report(SparkSession spark, UptakeConfig config, String province, Instant asOf) {
    Warehouse warehouse = Warehouse.of(spark, config.warehouse());
    if (!warehouse.exists(spark, Table.GOLD_ADOPTION)) {
      throw Errors.usage("report", "no gold table at " + warehouse.path(Table.GOLD_ADOPTION) + "; run `uptake run` first");
    }
    spark.sparkContext().setJobDescription("uptake: read gold snapshot");
    Dataset<Row> gold = warehouse.read(spark, Table.GOLD_ADOPTION);
    Dataset<Row> candidates = asOf == null ? gold : gold.where(col(GoldAdoption.AS_OF).leq(lit(Timestamp.from(asOf))));
    Row latest = candidates.agg(max(GoldAdoption.AS_OF)).first();
    if (latest.isNullAt(0)) {
      throw Errors.usage("report", "no snapshot at or before " + asOf + " in " + warehouse.path(Table.GOLD_ADOPTION));
    }
    Timestamp snapshotTime = latest.getTimestamp(0);
    List<String> denominators = Arrays.stream(gold.columns())
        .filter(c -> !GoldAdoption.isReserved(c)).toList();
    // One snapshot is at most 833 rows (705 districts + 63 × 2 + 2): safe to collect.
    List<AdoptionReport.Line> lines = new ArrayList<>();
    for (Row r : gold.where(col(GoldAdoption.AS_OF).equalTo(lit(snapshotTime))).collectAsList()) {
      List<Long> values = new ArrayList<>();
      for (String d : denominators) {
        values.add(r.isNullAt(r.fieldIndex(d)) ? null : r.getLong(r.fieldIndex(d)));
      }
      lines.add(new AdoptionReport.Line(r.getAs(GoldAdoption.PROVINCE_CODE), r.getAs(GoldAdoption.PROVINCE_NAME),
          r.getAs(GoldAdoption.DISTRICT_CODE), r.getAs(GoldAdoption.DISTRICT_NAME), RowType.ofCode(r.getAs(GoldAdoption.ROW_TYPE)),
          r.<Long>getAs(GoldAdoption.PHONES), values));
    }
    Instant shown = snapshotTime.toInstant();
    if (province == null) {
      return AdoptionReport.national(shown, config.timeZone(), denominators, lines, config.publishMinCount());
    }
    Province p = province(config, province, "report");
    return AdoptionReport.province(shown, config.timeZone(), p.name(), denominators, lines, p.code(), config.publishMinCount());
  }

  private record Province(String code, String name) {}

  /** A code or name as the command line gives it, resolved against the reference, or a usage error. */
  private static Province province(UptakeConfig config, String given, String action) {
    AreaResolver areas = Reference.resolver(config.adminUnits(), config.aliases(), config.source());
    String code = areas.resolveProvince(given).orElseThrow(() -> Errors.usage(action,
        "province '" + given + "' matches no province of the 2021 reference; give a GSO code (01..96) or a name"));
    return new Province(code, areas.units().province(code).map(AdminUnit::name).orElse(code));
  }

  /**
   * What the latest run that wrote the snapshot as of {@code asOf} read, kept and found, from
   * {@code meta/runs}; null when no such run is on record (a warehouse from before the log).
   */
  public static HtmlReport.Quality quality(SparkSession spark, UptakeConfig config, Instant asOf) {
    Warehouse warehouse = Warehouse.of(spark, config.warehouse());
    if (!warehouse.exists(spark, Table.RUNS)) {
      return null;
    }
    List<Row> runs = RunLog.read(spark, warehouse)
        .where(array_contains(col("cutoffs"), lit(Timestamp.from(asOf))))
        .orderBy(col("finished_at").desc())
        .limit(1)
        .collectAsList();
    if (runs.isEmpty()) {
      return null;
    }
    Row r = runs.get(0);
    List<HtmlReport.Check> checks = new ArrayList<>();
    int e = r.fieldIndex("expectations");
    if (!r.isNullAt(e)) {
      for (Row x : r.<Row>getList(e)) {
        checks.add(new HtmlReport.Check(x.getAs("name"), x.getAs("action"), x.getAs("outcome"), x.getAs("detail")));
      }
    }
    java.util.Map<String, Long> reasons = new java.util.TreeMap<>(r.<String, Long>getJavaMap(r.fieldIndex("quarantined_by_reason")));
    return new HtmlReport.Quality(r.getAs("run_id"), r.<Timestamp>getAs("finished_at").toInstant(), r.getAs("rows_read"),
        r.getAs("rows_accepted"), r.getAs("rows_quarantined"), reasons, checks);
  }

  /** The daily trend of the country, or of one province, from {@code gold/adoption_daily}. */
  public static TrendReport trend(SparkSession spark, UptakeConfig config, String province) {
    Warehouse warehouse = Warehouse.of(spark, config.warehouse());
    if (!warehouse.exists(spark, Table.GOLD_ADOPTION_DAILY)) {
      throw Errors.usage("report --trend", "no trend table at " + warehouse.path(Table.GOLD_ADOPTION_DAILY) + "; run `uptake run` first");
    }
    return trend(spark, config, province, null);
  }

  /**
   * As above, with only the days whose row comes from a snapshot at or before {@code upTo} (null:
   * every day), and no days at all when there is no trend table yet.
   */
  public static TrendReport trend(SparkSession spark, UptakeConfig config, String province, Instant upTo) {
    Warehouse warehouse = Warehouse.of(spark, config.warehouse());
    String scope = "Toàn quốc";
    org.apache.spark.sql.Column which = col(GoldAdoption.ROW_TYPE).equalTo(RowType.NATIONAL_TOTAL.code());
    if (province != null) {
      Province p = province(config, province, "report --trend");
      scope = p.name();
      which = col(GoldAdoption.ROW_TYPE).equalTo(RowType.PROVINCE_TOTAL.code()).and(col(GoldAdoption.PROVINCE_CODE).equalTo(p.code()));
    }
    // Published: suppressed per day over every area, then one area's rows (one per day: small).
    List<TrendReport.Day> days = new ArrayList<>();
    if (!warehouse.exists(spark, Table.GOLD_ADOPTION_DAILY)) {
      return new TrendReport(scope, config.targetDenominator(), config.targetShare(), days, config.publishMinCount());
    }
    Dataset<Row> published = PublishedViews.daily(warehouse.read(spark, Table.GOLD_ADOPTION_DAILY), config.publishMinCount());
    if (upTo != null) {
      which = which.and(col(GoldAdoption.AS_OF).leq(lit(Timestamp.from(upTo))));
    }
    for (Row r : published.where(which).orderBy(GoldAdoptionDaily.SNAPSHOT_DATE).collectAsList()) {
      java.sql.Date projected = r.getAs(GoldAdoptionDaily.PROJECTED_DATE);
      days.add(new TrendReport.Day(r.<java.sql.Date>getAs(GoldAdoptionDaily.SNAPSHOT_DATE).toLocalDate(),
          r.<Long>getAs(GoldAdoption.PHONES), r.getAs(GoldAdoptionDaily.NEW_PHONES), r.getAs(GoldAdoptionDaily.TARGET_BASE),
          r.getAs(GoldAdoptionDaily.TARGET_PHONES), r.getAs(GoldAdoptionDaily.PROGRESS), r.getAs(GoldAdoptionDaily.PACE_7D),
          projected == null ? null : projected.toLocalDate(), r.<Boolean>getAs(GoldAdoptionDaily.REACHED),
          r.<Boolean>getAs(GoldAdoption.PHONES + PublishedViews.SUFFIX),
          r.<Boolean>getAs(GoldAdoptionDaily.NEW_PHONES + PublishedViews.SUFFIX)));
    }
    return new TrendReport(scope, config.targetDenominator(), config.targetShare(), days, config.publishMinCount());
  }
}
