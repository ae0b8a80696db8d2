package io.uptake.delta;

import static io.uptake.testing.Fixtures.event;
import static io.uptake.testing.Fixtures.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.testing.TestSpark;
import io.uptake.attribution.AttributePhones;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class WarehouseTest {
  private final SparkSession spark = TestSpark.session();

  @Test
  void aRelativeRootIsQualifiedAgainstTheDefaultFileSystem() {
    String cwd = Path.of("").toAbsolutePath().toUri().getPath();
    assertThat(Warehouse.of(spark, "target/some/../wh/").root()).isEqualTo("file:" + cwd + "target/wh");
    assertThat(Warehouse.of(spark, "./warehouse").root()).isEqualTo("file:" + cwd + "warehouse");
    assertThat(Warehouse.of(spark, "/srv/uptake/wh").root()).isEqualTo("file:/srv/uptake/wh");
  }

  @Test
  void uriRootsKeepTheirFileSystem() {
    assertThat(Warehouse.of(spark, "file:///tmp/wh/").root()).isEqualTo("file:/tmp/wh");
    assertThat(new Warehouse("s3a://bucket/uptake/").root()).isEqualTo("s3a://bucket/uptake");
    assertThat(new Warehouse("abfss://c@acct.dfs.core.windows.net/wh").root())
        .isEqualTo("abfss://c@acct.dfs.core.windows.net/wh");
  }

  /** The default config's {@code ./warehouse}: tables with deletion vectors are altered by path. */
  @Test
  void tablesUnderARelativeRootCanBeWrittenAndAltered() throws IOException {
    Path dir = Files.createTempDirectory(Path.of("target"), "relative-wh");
    Path relative = Path.of("").toAbsolutePath().relativize(dir.toAbsolutePath());
    Warehouse warehouse = Warehouse.of(spark, relative.toString());
    warehouse.overwrite(AttributePhones.perPhoneAndProvince(events(event("+84900000001", "2021-05-05T08:00:00Z", "79", "760"))),
        Table.SILVER_PHONE_PROVINCES);
    assertThat(warehouse.read(spark, Table.SILVER_PHONE_PROVINCES).count()).isEqualTo(1);
    assertThat(spark.sql("SHOW TBLPROPERTIES delta.`" + warehouse.path(Table.SILVER_PHONE_PROVINCES) + "`")
        .where("key = 'delta.enableDeletionVectors'").first().getString(1)).isEqualTo("true");
  }

  /**
   * A table is created with its properties in the creating commit (no ALTER after it). One written
   * without them by an earlier version gets them on its next write: {@code GoldenWarehouseTest}.
   */
  @Test
  void tablesAreCreatedWithTheirProperties() throws IOException {
    Warehouse warehouse = Warehouse.of(spark, Files.createTempDirectory(Path.of("target"), "properties-wh").toString());
    var rows = AttributePhones.perPhoneAndProvince(events(event("+84900000001", "2021-05-05T08:00:00Z", "79", "760")));
    warehouse.overwrite(rows, Table.SILVER_PHONE_PROVINCES);
    assertThat(warehouse.version(spark, Table.SILVER_PHONE_PROVINCES)).isZero();
    assertThat(warehouse.property(spark, Table.SILVER_PHONE_PROVINCES, Table.STATS_COLUMNS))
        .contains("first_event,first_district_event.t");
    assertThat(warehouse.property(spark, Table.SILVER_PHONE_PROVINCES, "delta.enableDeletionVectors")).contains("true");
    // Creation defaults are set for the creating write only.
    assertThat(spark.conf().getOption("spark.databricks.delta.properties.defaults.dataSkippingStatsColumns").isDefined())
        .isFalse();
    warehouse.overwrite(rows, Table.SILVER_PHONE_PROVINCES);
    assertThat(warehouse.version(spark, Table.SILVER_PHONE_PROVINCES)).as("a write, no ALTER").isEqualTo(1);
  }

  /** Both ways of staging keep the rows as they were when staged, across a commit to their source. */
  @Test
  void stagedRowsOutliveACommitToTheTableTheyCameFrom() throws IOException {
    Path dir = Files.createTempDirectory(Path.of("target"), "staging-wh");
    Warehouse warehouse = Warehouse.of(spark, dir.toString());
    warehouse.overwrite(spark.range(5).toDF("n"), Table.SILVER_CENSUS);
    for (String mode : new String[] {"", "files"}) {
      spark.conf().set(Warehouse.STAGING, mode);
      try (Warehouse.Staged staged = warehouse.stage(spark, warehouse.read(spark, Table.SILVER_CENSUS), "test-" + mode)) {
        assertThat(staged.rows().count()).isEqualTo(5);
        warehouse.overwrite(spark.range(9).toDF("n"), Table.SILVER_CENSUS);
        assertThat(staged.rows().count()).as("staged rows after the commit (%s)", mode).isEqualTo(5);
        warehouse.overwrite(spark.range(5).toDF("n"), Table.SILVER_CENSUS);
      } finally {
        spark.conf().unset(Warehouse.STAGING);
      }
    }
    assertThat(dir.resolve("_uptake/staging/test-files")).as("staged files removed").doesNotExist();
  }
}
