package io.uptake.transform;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.schema.ReferenceAreas;
import io.uptake.schema.SilverCensus;
import io.uptake.testing.TestSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Two provinces: A (01) with a census province row, B (02) without one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildAdoptionTableTest {
  private static final Timestamp AS_OF = Timestamp.from(Instant.parse("2021-05-06T10:00:00Z"));
  private Map<String, Row> rows;

  @BeforeAll
  void build() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> reference = spark.createDataFrame(List.of(
        RowFactory.create("01", "Tỉnh A", "001", "Huyện A1"),
        RowFactory.create("01", "Tỉnh A", "002", "Huyện A2"),
        RowFactory.create("02", "Tỉnh B", "010", "Huyện B1"),
        RowFactory.create("02", "Tỉnh B", "011", "Huyện B2"),
        RowFactory.create("03", "Tỉnh C", "020", "Huyện C1")), ReferenceAreas.SCHEMA);

    StructType phoneSchema = new StructType().add("phone_key", DataTypes.StringType)
        .add("province_code", DataTypes.StringType).add("district_code", DataTypes.StringType);
    List<Row> phones = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      phones.add(RowFactory.create("+8490000000" + i, "01", "001"));
    }
    phones.add(RowFactory.create("+84900000010", "01", null));
    phones.add(RowFactory.create("+84900000011", "02", "010"));
    phones.add(RowFactory.create("+84900000012", null, null));
    StructType anonSchema = new StructType().add("province_code", DataTypes.StringType).add("district_code", DataTypes.StringType);
    Dataset<Row> anonymous = spark.createDataFrame(List.of(
        RowFactory.create("01", "002"), RowFactory.create("01", "002"), RowFactory.create("02", null),
        RowFactory.create(null, null)), anonSchema);

    Dataset<Row> census = spark.createDataFrame(List.of(
        censusRow("01", null, "population", 1000), censusRow("01", "001", "population", 600),
        censusRow("01", "002", "population", 300), censusRow("01", null, "smartphones", 0),
        censusRow("02", "010", "population", 400), censusRow("02", "011", "population", 100),
        censusRow("02", "010", "smartphones", 200), censusRow("03", null, "population", 500)), SilverCensus.SCHEMA);

    Dataset<Row> gold = BuildAdoptionTable.build(
        BuildAdoptionTable.countsByArea(spark.createDataFrame(phones, phoneSchema), anonymous), census, reference,
        List.of("population", "smartphones"), AS_OF);
    assertThat(gold.columns()).containsExactly("as_of", "province_code", "province_name", "district_code", "district_name",
        "row_type", "phones", "installs_without_phone", "population", "smartphones", "phones_per_population",
        "phones_per_smartphones");
    rows = new HashMap<>();
    for (Row r : gold.collectAsList()) {
      rows.put(r.getAs("row_type") + "/" + r.getAs("province_code") + "/" + r.getAs("district_code"), r);
      assertThat(r.<Timestamp>getAs("as_of")).isEqualTo(AS_OF);
    }
  }

  private static Row censusRow(String p, String d, String denominator, long value) {
    return RowFactory.create(p, d, denominator, value, "census.csv", 2L);
  }

  @Test
  void oneRowPerReferenceDistrictPlusUnassignedAndTotals() {
    assertThat(rows).hasSize(5 + 3 + 3 + 2);
    assertThat(rows.get("district/02/011").<Long>getAs("phones")).as("a district with no phones has a row").isZero();
    assertThat(rows.get("district/02/011").<String>getAs("district_name")).isEqualTo("Huyện B2");
    assertThat(rows.get("province_total/01/null").<String>getAs("province_name")).isEqualTo("Tỉnh A");
  }

  @Test
  void phonesAndAnonymousInstallsAddUp() {
    assertThat(counts("district/01/001")).containsExactly(3L, 0L);
    assertThat(counts("district/01/002")).containsExactly(0L, 2L);
    assertThat(counts("unassigned/01/null")).containsExactly(1L, 0L);
    assertThat(counts("province_total/01/null")).containsExactly(4L, 2L);
    assertThat(counts("unassigned/02/null")).containsExactly(0L, 1L);
    assertThat(counts("province_total/02/null")).containsExactly(1L, 1L);
    assertThat(counts("unknown_province/null/null")).containsExactly(1L, 1L);
    assertThat(counts("national_total/null/null")).containsExactly(6L, 4L);
  }

  @Test
  void provinceDenominatorIsItsCensusRowElseTheSumOfItsDistricts() {
    assertThat(value("province_total/01/null", "population")).isEqualTo(1000L);
    assertThat(value("unassigned/01/null", "population")).as("total minus districts").isEqualTo(100L);
    assertThat(value("province_total/02/null", "population")).as("no province row: sum").isEqualTo(500L);
    assertThat(value("unassigned/02/null", "population")).isEqualTo(0L);
    assertThat(value("province_total/02/null", "smartphones")).as("sum of the districts given").isEqualTo(200L);
    assertThat(value("district/02/011", "smartphones")).isNull();
    assertThat(value("province_total/03/null", "population")).as("a province row without district values").isEqualTo(500L);
    assertThat(value("unassigned/03/null", "population")).isEqualTo(500L);
    assertThat(value("district/03/020", "population")).isNull();
    assertThat(value("national_total/null/null", "population")).isEqualTo(2000L);
    assertThat(value("unknown_province/null/null", "population")).isNull();
  }

  @Test
  void sharesAreFractionsAndNullWithoutADenominator() {
    assertThat(rows.get("district/01/001").<Double>getAs("phones_per_population")).isEqualTo(3.0 / 600);
    assertThat(rows.get("national_total/null/null").<Double>getAs("phones_per_population")).isEqualTo(6.0 / 2000);
    assertThat(rows.get("province_total/01/null").<Double>getAs("phones_per_smartphones")).as("denominator 0").isNull();
    assertThat(rows.get("district/02/011").<Double>getAs("phones_per_smartphones")).as("denominator missing").isNull();
    assertThat(rows.get("unknown_province/null/null").<Double>getAs("phones_per_population")).isNull();
  }

  private List<Long> counts(String key) {
    Row r = rows.get(key);
    assertThat(r).as(key).isNotNull();
    return List.of(r.<Long>getAs("phones"), r.<Long>getAs("installs_without_phone"));
  }

  private Long value(String key, String column) {
    return rows.get(key).getAs(column);
  }
}
