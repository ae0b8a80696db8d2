package io.uptake.transform;

import static org.apache.spark.sql.functions.*;

import io.uptake.schema.CleanEvents;
import io.uptake.schema.GoldAdoption;
import io.uptake.schema.RowType;
import io.uptake.schema.SilverCensus;
import io.uptake.schema.SilverPhones;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Attributed phones, anonymous installs and the census → the gold snapshot: per province one row
 * per reference district (zero phones too), one {@code unassigned}, one {@code province_total};
 * plus {@code unknown_province} and {@code national_total}. Every column adds up: a province
 * total's denominator is the census's province row, else the sum of its districts, and the
 * unassigned row holds the difference.
 */
public final class BuildAdoptionTable {
  private BuildAdoptionTable() {}

  private static final String P = GoldAdoption.PROVINCE_CODE;
  private static final String D = GoldAdoption.DISTRICT_CODE;
  private static final String PHONES = GoldAdoption.PHONES;
  private static final String ANON = GoldAdoption.INSTALLS_WITHOUT_PHONE;

  /**
   * @param counts {@link #countsByArea}: small (one row per area), worth persisting, read several times
   * @param census {@code silver/census} (long form)
   * @param referenceAreas the reference districts ({@code ReferenceAreas.SCHEMA})
   * @param denominators the census's count columns, in output order
   */
  public static Dataset<Row> build(Dataset<Row> counts, Dataset<Row> census,
      Dataset<Row> referenceAreas, List<String> denominators, Timestamp asOf) {
    Dataset<Row> censusByArea = censusWide(census, denominators);
    Dataset<Row> districtRows = districtRows(counts, censusByArea, referenceAreas, denominators);
    Dataset<Row> perProvince = perProvince(counts, censusByArea, referenceAreas, districtRows, denominators);
    Dataset<Row> provinceTotals = perProvince.select(row(col(P), col(GoldAdoption.PROVINCE_NAME), NONE, NONE,
        RowType.PROVINCE_TOTAL,
        col(DIST_PHONES).plus(coalesce(col(UN_PHONES), lit(0L))),
        col(DIST_ANON).plus(coalesce(col(UN_ANON), lit(0L))),
        denominators, BuildAdoptionTable::provinceDenominator));
    Dataset<Row> unassigned = perProvince.select(row(col(P), col(GoldAdoption.PROVINCE_NAME), NONE, NONE,
        RowType.UNASSIGNED,
        coalesce(col(UN_PHONES), lit(0L)),
        coalesce(col(UN_ANON), lit(0L)),
        denominators, d -> provinceDenominator(d).minus(coalesce(col(DIST_PREFIX + d), lit(0L)))));
    Dataset<Row> unknown = unknownProvinceRow(counts, denominators);
    Dataset<Row> national = nationalRow(provinceTotals, unknown, denominators);

    Dataset<Row> all = districtRows.unionByName(unassigned).unionByName(provinceTotals)
        .unionByName(unknown).unionByName(national);
    return withShares(all.withColumn(GoldAdoption.AS_OF, lit(asOf)), denominators).select(outputColumns(denominators));
  }

  // Temporary columns start with "__": a census column name must start with a letter, so none collides.
  private static final String DIST_PHONES = "__district_phones";
  private static final String DIST_ANON = "__district_anon";
  private static final String DIST_PREFIX = "__district_sum_of_";
  private static final String UN_PHONES = "__unassigned_phones";
  private static final String UN_ANON = "__unassigned_anon";
  private static final String CENSUS_PREFIX = "__province_census_of_";
  private static final Column NONE = lit(null).cast(DataTypes.StringType);

  /** The long census as one row per area with a column per denominator. */
  static Dataset<Row> censusWide(Dataset<Row> census, List<String> denominators) {
    Dataset<Row> wide = census
        .groupBy(col(SilverCensus.PROVINCE_CODE).as(P), col(SilverCensus.DISTRICT_CODE).as(D))
        .pivot(SilverCensus.DENOMINATOR, new ArrayList<>(denominators))
        .agg(first(col(SilverCensus.VALUE)));
    for (String d : denominators) {
      wide = wide.withColumn(d, col(d).cast(DataTypes.LongType));
    }
    return wide;
  }

  /** One row per reference district, zero phones included. */
  static Dataset<Row> districtRows(Dataset<Row> counts, Dataset<Row> censusByArea, Dataset<Row> referenceAreas,
      List<String> denominators) {
    return referenceAreas
        .join(counts, JoinKeys.of(P, D), "left")
        .join(censusByArea.where(col(D).isNotNull()), JoinKeys.of(P, D), "left")
        .select(row(col(P), col(GoldAdoption.PROVINCE_NAME), col(D), col(GoldAdoption.DISTRICT_NAME), RowType.DISTRICT,
            coalesce(col(PHONES), lit(0L)), coalesce(col(ANON), lit(0L)), denominators, d -> col(d)));
  }

  /** Per province: its districts' sums, its unassigned counts and its own census row, side by side. */
  static Dataset<Row> perProvince(Dataset<Row> counts, Dataset<Row> censusByArea, Dataset<Row> referenceAreas,
      Dataset<Row> districtRows, List<String> denominators) {
    List<Column> sums = new ArrayList<>();
    sums.add(sum(ANON).as(DIST_ANON));
    denominators.forEach(d -> sums.add(sum(col(d)).as(DIST_PREFIX + d)));
    Dataset<Row> districtTotals = districtRows.groupBy(P).agg(sum(PHONES).as(DIST_PHONES), sums.toArray(Column[]::new));
    Dataset<Row> unassignedCounts = counts.where(col(P).isNotNull().and(col(D).isNull()))
        .select(col(P), col(PHONES).as(UN_PHONES), col(ANON).as(UN_ANON));
    Dataset<Row> provinceCensus = censusByArea.where(col(D).isNull()).drop(D);
    for (String d : denominators) {
      provinceCensus = provinceCensus.withColumnRenamed(d, CENSUS_PREFIX + d);
    }
    return referenceAreas.select(P, GoldAdoption.PROVINCE_NAME).distinct()
        .join(districtTotals, JoinKeys.of(P))
        .join(unassignedCounts, JoinKeys.of(P), "left")
        .join(provinceCensus, JoinKeys.of(P), "left");
  }

  private static Dataset<Row> unknownProvinceRow(Dataset<Row> counts, List<String> denominators) {
    return counts.where(col(P).isNull())
        .agg(sum(PHONES).as(PHONES), sum(ANON).as(ANON))
        .select(row(NONE, NONE, NONE, NONE, RowType.UNKNOWN_PROVINCE,
            coalesce(col(PHONES), lit(0L)), coalesce(col(ANON), lit(0L)), denominators, d -> lit(null)));
  }

  /** Sums of the province totals and unknown_province (which has no denominators, so adds only counts). */
  private static Dataset<Row> nationalRow(Dataset<Row> provinceTotals, Dataset<Row> unknown, List<String> denominators) {
    List<Column> sums = new ArrayList<>();
    sums.add(sum(ANON).as(ANON));
    denominators.forEach(d -> sums.add(sum(col(d)).as(d)));
    return provinceTotals.unionByName(unknown)
        .agg(sum(PHONES).as(PHONES), sums.toArray(Column[]::new))
        .select(row(NONE, NONE, NONE, NONE, RowType.NATIONAL_TOTAL, col(PHONES), col(ANON), denominators, d -> col(d)));
  }

  /**
   * Phones ({@code silver/phones}) and anonymous installs (counted events without a phone) per
   * (province, district); either code may be null.
   */
  public static Dataset<Row> countsByArea(Dataset<Row> phones, Dataset<Row> anonymousInstalls) {
    Dataset<Row> phoneRows = phones.select(col(SilverPhones.PROVINCE_CODE).as(P), col(SilverPhones.DISTRICT_CODE).as(D),
        lit(1L).as(PHONES), lit(0L).as(ANON));
    Dataset<Row> anonRows = anonymousInstalls.select(col(CleanEvents.PROVINCE_CODE).as(P), col(CleanEvents.DISTRICT_CODE).as(D),
        lit(0L).as(PHONES), lit(1L).as(ANON));
    return phoneRows.unionByName(anonRows).groupBy(P, D).agg(sum(PHONES).as(PHONES), sum(ANON).as(ANON));
  }

  private static Column provinceDenominator(String d) {
    return coalesce(col(CENSUS_PREFIX + d), col(DIST_PREFIX + d));
  }


  private static Column[] row(Column provinceCode, Column provinceName, Column districtCode, Column districtName,
      RowType type, Column phones, Column anon, List<String> denominators, Function<String, Column> denominator) {
    List<Column> cols = new ArrayList<>(List.of(
        provinceCode.cast(DataTypes.StringType).as(P),
        provinceName.cast(DataTypes.StringType).as(GoldAdoption.PROVINCE_NAME),
        districtCode.cast(DataTypes.StringType).as(D),
        districtName.cast(DataTypes.StringType).as(GoldAdoption.DISTRICT_NAME),
        lit(type.code()).as(GoldAdoption.ROW_TYPE),
        phones.cast(DataTypes.LongType).as(PHONES),
        anon.cast(DataTypes.LongType).as(ANON)));
    for (String d : denominators) {
      cols.add(denominator.apply(d).cast(DataTypes.LongType).as(d));
    }
    return cols.toArray(Column[]::new);
  }

  /** phones / denominator as a fraction; null where the denominator is missing or zero. */
  static Dataset<Row> withShares(Dataset<Row> rows, List<String> denominators) {
    Dataset<Row> out = rows;
    for (String d : denominators) {
      out = out.withColumn(GoldAdoption.shareOf(d),
          when(col(d).gt(0), col(PHONES).cast(DataTypes.DoubleType).divide(col(d).cast(DataTypes.DoubleType))));
    }
    return out;
  }

  static Column[] outputColumns(List<String> denominators) {
    List<Column> cols = new ArrayList<>();
    for (String c : List.of(GoldAdoption.AS_OF, P, GoldAdoption.PROVINCE_NAME, D, GoldAdoption.DISTRICT_NAME,
        GoldAdoption.ROW_TYPE, PHONES, ANON)) {
      cols.add(col(c));
    }
    denominators.forEach(d -> cols.add(col(d)));
    denominators.forEach(d -> cols.add(col(GoldAdoption.shareOf(d))));
    return cols.toArray(Column[]::new);
  }
}
