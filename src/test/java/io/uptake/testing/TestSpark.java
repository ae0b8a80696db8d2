package io.uptake.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import java.util.TimeZone;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of the test suite (surefire runs all classes in one reused JVM), and
 * spark-testing-base's DataFrame assertions used without its JUnit 4 lifecycle.
 */
public final class TestSpark {
  private static SparkSession session;
  private static JavaDataFrameSuiteBase assertions;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
      SparkSession.Builder builder = SparkSession.builder();
      io.uptake.delta.NioLocalFileSystem.SETTINGS.forEach((k, v) -> builder.config("spark.hadoop." + k, v));
      session = builder
          .master("local[2]")
          .appName("uptake-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.databricks.delta.snapshotPartitions", "2")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.ansi.enabled", "false")
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/uptake-test-spark-warehouse")
          .getOrCreate();
      io.uptake.delta.StorageSettings.SESSION.forEach(session.conf()::set);
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }

  /** Equal rows, in any order. */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    if (assertions == null) {
      assertions = new JavaDataFrameSuiteBase();
    }
    assertions.assertDataFrameNoOrderEquals(expected, actual);
  }
}
