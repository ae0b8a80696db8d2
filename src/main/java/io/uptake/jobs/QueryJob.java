package io.uptake.jobs;

import io.uptake.config.UptakeConfig;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Spark SQL over the warehouse, each existing table registered as a view by name. */
public final class QueryJob {
  private QueryJob() {}

  /** Registers the views and returns their names. */
  public static List<String> registerViews(SparkSession spark, UptakeConfig config) {
    Warehouse warehouse = Warehouse.of(spark, config.warehouse());
    List<String> names = new ArrayList<>();
    for (Table t : Table.values()) {
      if (warehouse.exists(spark, t)) {
        warehouse.read(spark, t).createOrReplaceTempView(t.viewName());
        names.add(t.viewName());
      }
    }
    return names;
  }

  public static Dataset<Row> query(SparkSession spark, UptakeConfig config, String sql) {
    registerViews(spark, config);
    spark.sparkContext().setJobDescription("uptake: query");
    return spark.sql(sql);
  }
}
