package io.uptake.transform;

import static org.apache.spark.sql.functions.*;

import io.uptake.schema.CleanEvents;
import io.uptake.schema.GoldAdoption;
import io.uptake.schema.RowType;
import io.uptake.schema.SilverCensus;
import io.uptake.schema.SilverPhones;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Attributed phones, anonymous installs and the census → the gold snapshot: per province one row
 * per reference district (zero phones too), one {@code unassigned}, one {@code province_total};
 * plus {@code unknown_province} and {@code national_total}. Every column adds up: a province
 * total's denominator is the census's province row, else the sum of its districts, and the
 * unassigned row holds the difference.
 */
public final class BuildAdoptionTable {
  private BuildAdoptionTable() {}

  private static final String PROVINCE = GoldAdoption.PROVINCE_CODE;
  private static final String DISTRICT = GoldAdoption.DISTRICT_CODE;
  private static final String PHONES = GoldAdoption.PHONES;
  private static final String ANON = GoldAdoption.INSTALLS_WITHOUT_PHONE;

  /**
   * Assembled on the driver: every input is one row per area (a few thousand at most), and as a
   * Spark plan of pivots, joins and unions the assembly is a few dozen small jobs a snapshot,
   * a fixed cost whatever the data's size.
   *
   * @param counts {@link #countsByArea}, already collected or small
   * @param census {@code silver/census} (long form)
   * @param referenceAreas the reference districts ({@code ReferenceAreas.SCHEMA})
   * @param denominators the census's count columns, in output order
   */
  public static Dataset<Row> build(Dataset<Row> counts, Dataset<Row> census,
      Dataset<Row> referenceAreas, List<String> denominators, Timestamp asOf) {
    int n = denominators.size();
    // (province, district) → denominator values in `denominators` order; the first value of each.
    Map<List<String>, Long[]> censusByArea = new HashMap<>();
    for (Row r : census.select(SilverCensus.PROVINCE_CODE, SilverCensus.DISTRICT_CODE, SilverCensus.DENOMINATOR,
        SilverCensus.VALUE).collectAsList()) {
      int i = denominators.indexOf(r.getString(2));
      Long[] values = censusByArea.computeIfAbsent(Arrays.asList(r.getString(0), r.getString(1)), k -> new Long[n]);
      if (i >= 0 && !r.isNullAt(3) && values[i] == null) {
        values[i] = ((Number) r.get(3)).longValue();
      }
    }
    Map<List<String>, long[]> countsByArea = new HashMap<>();
    long[] unknownCounts = new long[2];
    for (Row r : counts.select(PROVINCE, DISTRICT, PHONES, ANON).collectAsList()) {
      long[] c = {r.isNullAt(2) ? 0 : r.getLong(2), r.isNullAt(3) ? 0 : r.getLong(3)};
      if (r.isNullAt(0)) {
        unknownCounts[0] += c[0];
        unknownCounts[1] += c[1];
      } else {
        countsByArea.put(Arrays.asList(r.getString(0), r.getString(1)), c);
      }
    }

    List<Row> rows = new ArrayList<>();
    Map<String, String> provinceNames = new LinkedHashMap<>();
    Map<String, Area> districtSums = new HashMap<>();
    for (Row r : referenceAreas.select(PROVINCE, GoldAdoption.PROVINCE_NAME, DISTRICT, GoldAdoption.DISTRICT_NAME).collectAsList()) {
      String p = r.getString(0);
      String d = r.getString(2);
      provinceNames.putIfAbsent(p, r.getString(1));
      long[] c = countsByArea.getOrDefault(Arrays.asList(p, d), new long[2]);
      Long[] values = censusByArea.getOrDefault(Arrays.asList(p, d), new Long[n]);
      Area district = new Area(c[0], c[1], values);
      rows.add(district.row(asOf, p, r.getString(1), d, r.getString(3), RowType.DISTRICT));
      districtSums.computeIfAbsent(p, k -> new Area(0, 0, new Long[n])).add(district);
    }

    Area nation = new Area(0, 0, new Long[n]);
    for (Map.Entry<String, String> province : provinceNames.entrySet()) {
      String p = province.getKey();
      Area districts = districtSums.get(p);
      long[] unassignedCounts = countsByArea.getOrDefault(Arrays.asList(p, null), new long[2]);
      Long[] own = censusByArea.getOrDefault(Arrays.asList(p, null), new Long[n]);
      // A province's denominator: its own census row, else the sum of its districts; unassigned
      // holds what its districts do not.
      Long[] totalValues = new Long[n];
      Long[] unassignedValues = new Long[n];
      for (int i = 0; i < n; i++) {
        totalValues[i] = own[i] != null ? own[i] : districts.values[i];
        unassignedValues[i] = totalValues[i] == null ? null
            : totalValues[i] - (districts.values[i] == null ? 0 : districts.values[i]);
      }
      Area unassigned = new Area(unassignedCounts[0], unassignedCounts[1], unassignedValues);
      Area total = new Area(districts.phones + unassigned.phones, districts.anonymous + unassigned.anonymous, totalValues);
      rows.add(unassigned.row(asOf, p, province.getValue(), null, null, RowType.UNASSIGNED));
      rows.add(total.row(asOf, p, province.getValue(), null, null, RowType.PROVINCE_TOTAL));
      nation.add(total);
    }
    Area unknown = new Area(unknownCounts[0], unknownCounts[1], new Long[n]);
    rows.add(unknown.row(asOf, null, null, null, null, RowType.UNKNOWN_PROVINCE));
    nation.add(unknown);
    rows.add(nation.row(asOf, null, null, null, null, RowType.NATIONAL_TOTAL));
    return counts.sparkSession().createDataFrame(rows, schema(denominators));
  }

  /** An area's counts and denominator values (null: none), summed as Spark's sum does (nulls skipped). */
  private static final class Area {
    long phones;
    long anonymous;
    final Long[] values;

    Area(long phones, long anonymous, Long[] values) {
      this.phones = phones;
      this.anonymous = anonymous;
      this.values = values.clone();
    }

    void add(Area other) {
      phones += other.phones;
      anonymous += other.anonymous;
      for (int i = 0; i < values.length; i++) {
        if (other.values[i] != null) {
          values[i] = (values[i] == null ? 0 : values[i]) + other.values[i];
        }
      }
    }

    Row row(Timestamp asOf, String province, String provinceName, String district, String districtName, RowType type) {
      List<Object> cells = new ArrayList<>(List.of(asOf));
      cells.addAll(Arrays.asList(province, provinceName, district, districtName, type.code(), phones, anonymous));
      cells.addAll(Arrays.asList(values));
      for (Long v : values) {
        // phones / denominator as a fraction; null where the denominator is missing or zero.
        cells.add(v == null || v <= 0 ? null : (double) phones / v);
      }
      return RowFactory.create(cells.toArray());
    }
  }

  /** The gold snapshot's columns, in order. */
  static StructType schema(List<String> denominators) {
    StructType t = new StructType()
        .add(GoldAdoption.AS_OF, DataTypes.TimestampType, true)
        .add(PROVINCE, DataTypes.StringType, true)
        .add(GoldAdoption.PROVINCE_NAME, DataTypes.StringType, true)
        .add(DISTRICT, DataTypes.StringType, true)
        .add(GoldAdoption.DISTRICT_NAME, DataTypes.StringType, true)
        .add(GoldAdoption.ROW_TYPE, DataTypes.StringType, false)
        .add(PHONES, DataTypes.LongType, true)
        .add(ANON, DataTypes.LongType, true);
    for (String d : denominators) {
      t = t.add(d, DataTypes.LongType, true);
    }
    for (String d : denominators) {
      t = t.add(GoldAdoption.shareOf(d), DataTypes.DoubleType, true);
    }
    return t;
  }

  /**
   * Phones ({@code silver/phones}) and anonymous installs (counted events without a phone) per
   * (province, district); either code may be null.
   */
  public static Dataset<Row> countsByArea(Dataset<Row> phones, Dataset<Row> anonymousInstalls) {
    Dataset<Row> phoneRows = phones.select(col(SilverPhones.PROVINCE_CODE).as(PROVINCE), col(SilverPhones.DISTRICT_CODE).as(DISTRICT),
        lit(1L).as(PHONES), lit(0L).as(ANON));
    Dataset<Row> anonRows = anonymousInstalls.select(col(CleanEvents.PROVINCE_CODE).as(PROVINCE), col(CleanEvents.DISTRICT_CODE).as(DISTRICT),
        lit(0L).as(PHONES), lit(1L).as(ANON));
    return phoneRows.unionByName(anonRows).groupBy(PROVINCE, DISTRICT).agg(sum(PHONES).as(PHONES), sum(ANON).as(ANON));
  }
}
