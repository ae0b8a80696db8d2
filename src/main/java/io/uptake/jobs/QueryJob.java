package io.uptake.jobs;

import io.uptake.config.UptakeConfig;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.report.PublishedViews;
import io.uptake.schema.QuarantineInstalls;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Spark SQL over the warehouse, each existing table registered as a view by name. */
public final class QueryJob {
  private QueryJob() {}

  /** Quarantine without its raw values: reasons, places and masked values only. */
  public static final String MASKED_QUARANTINE = "quarantine_installs_masked";
  /** The gold tables under small-cell suppression (publish.min_count): for dashboards. */
  public static final String PUBLISHED_ADOPTION = "adoption_by_district_published";
  public static final String PUBLISHED_DAILY = "adoption_daily_published";

  /** Registers the views and returns their names: the analysts' ({@link #registerAnalystViews}) and every other table. */
  public static List<String> registerViews(SparkSession spark, UptakeConfig config) {
    Warehouse warehouse = Warehouse.of(spark, config.warehouse());
    List<String> names = new ArrayList<>(registerAnalystViews(spark, config));
    for (Table t : Table.values()) {
      if (!names.contains(t.viewName()) && warehouse.exists(spark, t)) {
        warehouse.read(spark, t).createOrReplaceTempView(t.viewName());
        names.add(t.viewName());
      }
    }
    if (names.contains(Table.QUARANTINE_INSTALLS.viewName())) {
      // For display outside the data engineers' zone: no raw value, no raw record.
      spark.table(Table.QUARANTINE_INSTALLS.viewName()).drop(QuarantineInstalls.VALUE, QuarantineInstalls.RECORD)
          .createOrReplaceTempView(MASKED_QUARANTINE);
      names.add(MASKED_QUARANTINE);
    }
    return names;
  }

  /**
   * Only what analysts and dashboards may see, for servers that outsiders connect to: the gold
   * tables and their published (small-cell suppressed) views; no bronze, quarantine or silver.
   */
  public static List<String> registerAnalystViews(SparkSession spark, UptakeConfig config) {
    Warehouse warehouse = Warehouse.of(spark, config.warehouse());
    List<String> names = new ArrayList<>();
    if (warehouse.exists(spark, Table.GOLD_ADOPTION)) {
      Dataset<Row> gold = warehouse.read(spark, Table.GOLD_ADOPTION);
      gold.createOrReplaceTempView(Table.GOLD_ADOPTION.viewName());
      PublishedViews.adoption(gold, config.publishMinCount()).createOrReplaceTempView(PUBLISHED_ADOPTION);
      names.addAll(List.of(Table.GOLD_ADOPTION.viewName(), PUBLISHED_ADOPTION));
    }
    if (warehouse.exists(spark, Table.GOLD_ADOPTION_DAILY)) {
      Dataset<Row> daily = warehouse.read(spark, Table.GOLD_ADOPTION_DAILY);
      daily.createOrReplaceTempView(Table.GOLD_ADOPTION_DAILY.viewName());
      PublishedViews.daily(daily, config.publishMinCount()).createOrReplaceTempView(PUBLISHED_DAILY);
      names.addAll(List.of(Table.GOLD_ADOPTION_DAILY.viewName(), PUBLISHED_DAILY));
    }
    return names;
  }

  public static Dataset<Row> query(SparkSession spark, UptakeConfig config, String sql) {
    registerViews(spark, config);
    spark.sparkContext().setJobDescription("uptake: query");
    return spark.sql(sql);
  }
}
