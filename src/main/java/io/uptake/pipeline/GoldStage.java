package io.uptake.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.uptake.attribution.AttributePhones;
import io.uptake.config.ExpectationSettings;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.geo.AdminUnit;
import io.uptake.geo.AreaResolver;
import io.uptake.ingest.CensusTable;
import io.uptake.quality.ExpectationResult;
import io.uptake.quality.Expectations;
import io.uptake.schema.GoldAdoption;
import io.uptake.schema.ReferenceAreas;
import io.uptake.schema.SilverCensus;
import io.uptake.transform.AdoptionTrend;
import io.uptake.transform.AnonymousInstalls;
import io.uptake.transform.BuildAdoptionTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Joins the phones by area with the census into one gold snapshot per cut-off, judges them, and
 * writes them with the census and the daily trend. Every snapshot is built and judged before any
 * is written: a check that fails on one leaves gold (both tables) as it was.
 */
final class GoldStage implements Stage {

  /**
   * @param phonesAbove the phones-above-denominator expectation: the latest snapshot's, unless an
   *     earlier one did not hold
   * @param phones phones counted as of the latest cut-off
   * @param phonesUnknownProvince of those, the phones in no known province
   */
  record Published(ExpectationResult phonesAbove, long phones, long phonesUnknownProvince) {}

  @Override
  public int progressSteps(int snapshots) {
    return snapshots + 1; // one per snapshot, and the trend
  }

  Published run(RunContext run, PlanStage.Planned planned) {
    SparkSession spark = run.spark();
    Warehouse warehouse = run.warehouse();
    ExpectationSettings expect = run.config().expectations();
    CensusTable census = planned.census();
    Dataset<Row> state = warehouse.read(spark, Table.SILVER_PHONE_PROVINCES);
    Dataset<Row> censusRows = census.toDataFrame(spark);
    Dataset<Row> referenceAreas = referenceAreas(spark, planned.areas());
    Map<Instant, Dataset<Row>> snapshots = new LinkedHashMap<>();
    ExpectationResult phonesAbove = null;
    Counted phones = null;
    for (Instant cutoff : run.cutoffs()) {
      run.progress().start("build the gold snapshot as of " + cutoff);
      Timestamp asOf = Timestamp.from(cutoff);
      boolean latest = cutoff.equals(run.latest());
      Dataset<Row> phonesAsOf = latest ? warehouse.read(spark, Table.SILVER_PHONES) : AttributePhones.asOf(state, asOf);
      Dataset<Row> anonymousAsOf = warehouse.read(spark, Table.SILVER_ANONYMOUS_INSTALLS)
          .where(col(AnonymousInstalls.EVENT_TIME).leq(lit(asOf)));
      // One row per area: collected; the snapshot is assembled from the driver's copy.
      Dataset<Row> counts = collected(spark, BuildAdoptionTable.countsByArea(phonesAsOf, anonymousAsOf));
      if (latest) {
        phones = phonesCounted(counts);
      }
      Dataset<Row> gold = BuildAdoptionTable.build(counts, censusRows, referenceAreas, census.denominators(), asOf);
      ExpectationResult above = Expectations.phonesAbove(gold, expect.comparedDenominator(), expect.phonesAboveDenominator());
      if (phonesAbove == null || phonesAbove.held()) {
        phonesAbove = above;
      }
      run.warnAbout(List.of(above));
      snapshots.put(cutoff, gold);
    }
    Expectations.stopIfFailed(List.of(phonesAbove), "silver holds the night's phones, gold is as it was, and the files stay "
        + "unrecorded, so a rerun (after fixing the census or the attribution) takes them again and writes the snapshots");

    if (!sameCensus(planned.storedCensus(), census)) {
      warehouse.overwrite(censusRows, Table.SILVER_CENSUS);
    }
    for (Map.Entry<Instant, Dataset<Row>> snapshot : snapshots.entrySet()) {
      run.crashTestPoint("before-gold");
      warehouse.replaceSnapshot(snapshot.getValue().coalesce(1), Table.GOLD_ADOPTION, GoldAdoption.AS_OF, snapshot.getKey());
    }

    run.progress().start("update the trend table");
    warehouse.overwrite(AdoptionTrend.build(warehouse.read(spark, Table.GOLD_ADOPTION), run.config().targetDenominator(),
        run.config().targetShare(), run.config().timeZone()).coalesce(1), Table.GOLD_ADOPTION_DAILY);
    return new Published(phonesAbove, phones.phones(), phones.unknownProvince());
  }

  /** Whether silver/census holds exactly these rows, in this layout: then a night leaves it as it is. */
  static boolean sameCensus(List<Row> stored, CensusTable census) {
    if (stored.isEmpty() || !Arrays.equals(stored.get(0).schema().fieldNames(), SilverCensus.SCHEMA.fieldNames())) {
      return false;
    }
    Set<List<Object>> now = new HashSet<>();
    census.entries().forEach(e -> now.add(Arrays.asList(e.provinceCode(), e.districtCode(), e.denominator(), e.value(),
        e.sourceFile(), e.lineNumber())));
    Set<List<Object>> before = new HashSet<>();
    stored.forEach(r -> before.add(Arrays.asList(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5))));
    return stored.size() == census.entries().size() && before.equals(now);
  }

  /**
   * Phones counted (silver/phones at the latest cut-off) and those in no known province, from the
   * snapshot's collected counts by area: every phone is in exactly one area, so no table is read.
   */
  private static Counted phonesCounted(Dataset<Row> countsByArea) {
    long all = 0;
    long unknown = 0;
    for (Row r : countsByArea.select(col(GoldAdoption.PROVINCE_CODE), col(GoldAdoption.PHONES)).collectAsList()) {
      long phones = r.isNullAt(1) ? 0 : r.getLong(1);
      all += phones;
      unknown += r.isNullAt(0) ? phones : 0;
    }
    return new Counted(all, unknown);
  }

  private record Counted(long phones, long unknownProvince) {}

  /** A small result, collected to the driver and made a local DataFrame again, so it is computed once. */
  private static Dataset<Row> collected(SparkSession spark, Dataset<Row> small) {
    return spark.createDataFrame(small.collectAsList(), small.schema());
  }

  static Dataset<Row> referenceAreas(SparkSession spark, AreaResolver areas) {
    List<Row> rows = new ArrayList<>();
    for (AdminUnit p : areas.units().provinces()) {
      for (AdminUnit d : areas.units().districtsOf(p.code())) {
        rows.add(RowFactory.create(p.code(), p.name(), d.code(), d.name()));
      }
    }
    return spark.createDataFrame(rows, ReferenceAreas.SCHEMA);
  }
}
