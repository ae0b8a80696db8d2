package io.uptake.cli;

import org.apache.spark.sql.SparkSession;

/**
 * Builds the session for a command. The master is never set here: spark-submit sets it on a
 * cluster, and jobs/uptake passes {@code -Dspark.master=local[*]} for the embedded mode.
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(String appName) {
    return SparkSession.builder()
        .appName(appName)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        // The pipeline relies on null (not an error) for impossible dates and failed casts.
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate();
  }
}
