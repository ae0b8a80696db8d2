package io.uptake.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.schema.BronzeInstalls;
import io.uptake.testing.TestSpark;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/** A bronze written with every field in one map is rewritten once with a column per known field. */
class BronzeLayoutTest {
  /** Bronze as earlier versions wrote it. */
  private static final StructType LEGACY = new StructType()
      .add("source_file", DataTypes.StringType, false)
      .add("line_number", DataTypes.LongType, false)
      .add("landing_date", DataTypes.DateType, true)
      .add("format", DataTypes.StringType, false)
      .add("record", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), true)
      .add("parse_error", DataTypes.StringType, true)
      .add("raw_line", DataTypes.StringType, true)
      .add("ingest_time", DataTypes.TimestampType, true)
      .add("run_id", DataTypes.StringType, true);

  @Test
  void aBronzeOfOneMapPerRowIsRewrittenOnceWithItsFieldsAsColumns(@TempDir Path dir) {
    SparkSession spark = TestSpark.session();
    Warehouse warehouse = new Warehouse(dir.toString());
    Timestamp at = Timestamp.valueOf("2021-05-06 20:00:00");
    Date day = Date.valueOf("2021-05-06");
    List<Row> rows = List.of(
        RowFactory.create("f.jsonl", 1L, day, "jsonl", map(Map.of("event_time", "2021-05-06 10:00:00", "phone", "0912345678",
            "province", "Hà Nội", "district", "Ba Đình", "platform", "ios")), null, null, at, "r1"),
        RowFactory.create("f.jsonl", 2L, day, "jsonl", map(Map.of("province", "01")), null, null, at, "r1"),
        RowFactory.create("f.jsonl", 3L, day, "jsonl", null, "not valid JSON", "{", at, "r1"));
    spark.createDataFrame(rows, LEGACY).write().format("delta").partitionBy("landing_date")
        .save(warehouse.path(Table.BRONZE_INSTALLS));
    warehouse.setProperties(spark, Table.BRONZE_INSTALLS, Map.of("uptake.test.kept", "yes"));

    assertThat(BronzeLayout.isLegacy(spark, warehouse)).isTrue();
    BronzeLayout.migrate(spark, warehouse, new PrintStream(PrintStream.nullOutputStream()));

    assertThat(BronzeLayout.isLegacy(spark, warehouse)).isFalse();
    assertThat(warehouse.columns(spark, Table.BRONZE_INSTALLS)).doesNotContain("record")
        .contains(BronzeInstalls.PARSED.fieldNames());
    assertThat(warehouse.property(spark, Table.BRONZE_INSTALLS, "uptake.test.kept")).contains("yes");
    List<String> got = warehouse.read(spark, Table.BRONZE_INSTALLS).orderBy("line_number")
        .selectExpr("concat_ws('|', line_number, landing_date, event_time, phone, province, district, "
            + "cast(extra_fields as string), parse_error, raw_line, run_id)")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(got).containsExactly(
        "1|2021-05-06|2021-05-06 10:00:00|0912345678|Hà Nội|Ba Đình|{platform -> ios}|r1",
        "2|2021-05-06|01|r1",
        "3|2021-05-06|not valid JSON|{|r1");
    long version = warehouse.version(spark, Table.BRONZE_INSTALLS);
    BronzeLayout.migrate(spark, warehouse, new PrintStream(PrintStream.nullOutputStream()));
    assertThat(warehouse.version(spark, Table.BRONZE_INSTALLS)).as("a second run rewrites nothing").isEqualTo(version);
  }

  private static scala.collection.Map<String, String> map(Map<String, String> m) {
    return JavaConverters.mapAsScalaMap(new java.util.HashMap<>(m)).toMap(scala.Predef.$conforms());
  }
}
