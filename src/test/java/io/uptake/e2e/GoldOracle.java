package io.uptake.e2e;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Compares one gold snapshot with {@link AdoptionOracle} computed from the same files. */
final class GoldOracle {
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final List<String> DENOMINATORS = List.of("population", "smartphones", "adults_18_plus");

  private GoldOracle() {}

  @SuppressWarnings("unchecked")
  static void assertMatches(SparkSession spark, String warehouse, Path installs, Path census, Instant asOf) throws Exception {
    Map<String, Object> aliases = new ObjectMapper(new YAMLFactory()).readValue(Path.of("conf/aliases.yaml").toFile(), Map.class);
    List<AdoptionOracle.Row> expected = AdoptionOracle.compute(installs, census,
        Path.of("conf/reference/vn_admin_units_2021-02-01.csv"),
        (Map<String, List<String>>) aliases.get("provinces"),
        (Map<String, Map<String, List<String>>>) aliases.get("districts"),
        asOf, ZONE);

    List<Row> actual = spark.read().format("delta").load(warehouse + "/gold/adoption_by_district")
        .where(col("as_of").equalTo(lit(Timestamp.from(asOf)))).collectAsList();
    assertThat(actual).hasSize(expected.size());
    Map<String, Row> byKey = new HashMap<>();
    for (Row r : actual) {
      byKey.put(key(r.getAs("row_type"), r.getAs("province_code"), r.getAs("district_code")), r);
    }
    List<String> mismatches = new ArrayList<>();
    for (AdoptionOracle.Row e : expected) {
      String k = key(e.rowType(), e.provinceCode(), e.districtCode());
      Row a = byKey.get(k);
      if (a == null) {
        mismatches.add(k + ": missing from gold");
        continue;
      }
      check(mismatches, k, "phones", e.phones(), a.getAs("phones"));
      check(mismatches, k, "installs_without_phone", e.installsWithoutPhone(), a.getAs("installs_without_phone"));
      for (String d : DENOMINATORS) {
        Long denominator = e.denominators().get(d);
        check(mismatches, k, d, denominator, a.getAs(d));
        Double share = a.getAs("phones_per_" + d);
        if (denominator == null || denominator == 0) {
          if (share != null) {
            mismatches.add(k + ": phones_per_" + d + " should be null, is " + share);
          }
        } else if (share == null || Math.abs(share - (double) e.phones() / denominator) > 1e-12) {
          mismatches.add(k + ": phones_per_" + d + " is " + share + ", expected " + (double) e.phones() / denominator);
        }
      }
    }
    assertThat(mismatches).as("gold vs oracle at %s", asOf).isEmpty();
    Row national = byKey.get(key("national_total", null, null));
    assertThat(national.<Long>getAs("phones")).as("a meaningful test needs phones").isGreaterThan(100L);
  }

  private static void check(List<String> out, String key, String column, Object expected, Object actual) {
    if (expected == null ? actual != null : !expected.equals(actual)) {
      out.add(key + ": " + column + " is " + actual + ", expected " + expected);
    }
  }

  private static String key(String rowType, String province, String district) {
    return rowType + "/" + province + "/" + district;
  }
}
