package io.uptake.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the session for a command. The master is never set here: spark-submit sets it on a
 * cluster, and jobs/uptake passes {@code -Dspark.master=local[*]} for the embedded mode.
 */
public final class SparkSessions {
  private SparkSessions() {}

  // Delta rebuilds a table's state from its log with this many shuffle partitions after every
  // commit; its default (50) makes each of a night's ~20 commits cost seconds of task overhead on a
  // small cluster. A log of a few thousand files needs only a few. Any value set by the user
  // (--conf, -D) wins.
  private static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";
  // A night's phones (a few hundred thousand, some tens of MB) broadcast under this,
  // so the big silver tables are scanned in place rather than shuffled to meet them.
  private static final String BROADCAST_THRESHOLD = "spark.sql.autoBroadcastJoinThreshold";

  /** Delta's extension is always there; others given here are added after it. */
  public static final String EXTENSIONS = "spark.sql.extensions";

  public static SparkSession create(String appName) {
    return create(appName, java.util.Map.of());
  }

  /** As above, with settings that must be fixed before the session starts (static configs). */
  public static SparkSession create(String appName, java.util.Map<String, String> staticConfig) {
    SparkSession.Builder builder = SparkSession.builder();
    String extensions = "io.delta.sql.DeltaSparkSessionExtension";
    for (java.util.Map.Entry<String, String> e : staticConfig.entrySet()) {
      if (e.getKey().equals(EXTENSIONS)) {
        extensions += "," + e.getValue();
      } else {
        builder = builder.config(e.getKey(), e.getValue());
      }
    }
    SparkConf given = new SparkConf();
    if (!given.contains(SNAPSHOT_PARTITIONS)) {
      builder = builder.config(SNAPSHOT_PARTITIONS, "4");
    }
    if (!given.contains(BROADCAST_THRESHOLD)) {
      builder = builder.config(BROADCAST_THRESHOLD, "64m");
    }
    if (given.get("spark.master", "").startsWith("local")) {
      for (java.util.Map.Entry<String, String> e : io.uptake.delta.NioLocalFileSystem.SETTINGS.entrySet()) {
        builder = builder.config("spark.hadoop." + e.getKey(), e.getValue());
      }
    }
    for (java.util.Map.Entry<String, String> e : io.uptake.delta.StorageSettings.SESSION.entrySet()) {
      builder = builder.config(e.getKey(), e.getValue());
    }
    return builder
        .appName(appName)
        .config(EXTENSIONS, extensions)
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        // The pipeline relies on null (not an error) for impossible dates and failed casts.
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate();
  }
}
