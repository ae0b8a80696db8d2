package io.uptake.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.uptake.schema.GoldAdoption;
import io.uptake.schema.GoldAdoptionDaily;
import io.uptake.schema.RowType;
import io.uptake.transform.AdoptionTrend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The gold tables as published to dashboards and other readers outside the authorised few: each
 * snapshot's counts under {@link SmallCells} suppression, a suppressed count null with its
 * {@code <count>_suppressed} column true, and the figures that would give it back null too: its
 * shares, and in the trend whatever is computed from it on another day (a day's new phones from
 * the day before, the pace and projection from the week before). With no minimum set, the tables
 * as they are (the flags false).
 */
public final class PublishedViews {
  private PublishedViews() {}

  public static final String SUFFIX = "_suppressed";

  /**
   * A count column, the columns derived from it (hidden with it), and a column saying where it
   * must be hidden whatever its value (null: nowhere).
   */
  record Count(String column, List<String> derived, String forced) implements java.io.Serializable {}

  private static final String GAIN = "__gain_7d";
  private static final String NEW_FORCED = "__new_phones_forced";
  private static final String GAIN_FORCED = "__gain_7d_forced";

  /** {@code gold/adoption_by_district}, published. */
  public static Dataset<Row> adoption(Dataset<Row> gold, Integer minCount) {
    List<String> shares = Arrays.stream(gold.columns()).filter(c -> c.startsWith(GoldAdoption.SHARE_PREFIX)).toList();
    return suppress(gold, GoldAdoption.AS_OF, minCount, List.of(new Count(GoldAdoption.PHONES, shares, null),
        new Count(GoldAdoption.INSTALLS_WITHOUT_PHONE, List.of(), null)));
  }

  /**
   * {@code gold/adoption_daily}, published: a day is a snapshot. A day's new phones are its phones
   * minus the day before's, its pace its phones minus those of up to 7 days before: both are
   * counts that add up over an area's group like phones do, so each goes through the same rule,
   * forced hidden where a count it comes from is hidden (else the day before's hidden phones would
   * follow from today's and the new phones).
   */
  public static Dataset<Row> daily(Dataset<Row> daily, Integer minCount) {
    if (minCount == null) {
      return suppress(daily, GoldAdoptionDaily.SNAPSHOT_DATE, null, List.of(new Count(GoldAdoption.PHONES, List.of(), null),
          new Count(GoldAdoptionDaily.NEW_PHONES, List.of(), null)));
    }
    String hidden = GoldAdoption.PHONES + SUFFIX;
    WindowSpec byArea = AdoptionTrend.byAreaAndDay();
    WindowSpec lastWeek = AdoptionTrend.paceWindow();
    Dataset<Row> phonesJudged = suppress(
        daily.withColumn(GAIN, col(GoldAdoption.PHONES).minus(first(col(GoldAdoption.PHONES)).over(lastWeek))),
        GoldAdoptionDaily.SNAPSHOT_DATE, minCount,
        List.of(new Count(GoldAdoption.PHONES, List.of(GoldAdoptionDaily.PROGRESS, GoldAdoptionDaily.REACHED), null)));
    Dataset<Row> forced = phonesJudged
        .withColumn(NEW_FORCED, col(hidden).or(coalesce(lag(col(hidden), 1).over(byArea), lit(false))))
        .withColumn(GAIN_FORCED, max(col(hidden).cast(DataTypes.IntegerType)).over(lastWeek).equalTo(1));
    return suppress(forced, GoldAdoptionDaily.SNAPSHOT_DATE, minCount, List.of(
            new Count(GoldAdoptionDaily.NEW_PHONES, List.of(), NEW_FORCED),
            new Count(GAIN, List.of(GoldAdoptionDaily.PACE_7D, GoldAdoptionDaily.PROJECTED_DATE), GAIN_FORCED)))
        .drop(GAIN, GAIN + SUFFIX, NEW_FORCED, GAIN_FORCED);
  }

  private static Dataset<Row> suppress(Dataset<Row> table, String snapshot, Integer minCount, List<Count> counts) {
    if (minCount == null) {
      Dataset<Row> flagged = table;
      for (Count c : counts) {
        flagged = flagged.withColumn(c.column() + SUFFIX, lit(false));
      }
      return flagged;
    }
    StructType in = table.schema();
    List<StructField> fields = new ArrayList<>();
    for (StructField f : in.fields()) {
      fields.add(new StructField(f.name(), f.dataType(), true, f.metadata()));
    }
    for (Count c : counts) {
      fields.add(DataTypes.createStructField(c.column() + SUFFIX, DataTypes.BooleanType, false));
    }
    StructType out = DataTypes.createStructType(fields);
    int snapshotAt = in.fieldIndex(snapshot);
    int typeAt = in.fieldIndex(GoldAdoption.ROW_TYPE);
    int provinceAt = in.fieldIndex(GoldAdoption.PROVINCE_CODE);
    int districtAt = in.fieldIndex(GoldAdoption.DISTRICT_CODE);
    int width = in.fields().length;
    int min = minCount;
    // A snapshot is at most a few hundred rows: each is suppressed on one executor, as one list.
    FlatMapGroupsFunction<String, Row, Row> perSnapshot = (key, rows) -> {
      List<Row> snapshotRows = new ArrayList<>();
      rows.forEachRemaining(snapshotRows::add);
      List<Object[]> values = new ArrayList<>();
      for (Row r : snapshotRows) {
        Object[] v = new Object[width + counts.size()];
        for (int i = 0; i < width; i++) {
          v[i] = r.get(i);
        }
        java.util.Arrays.fill(v, width, v.length, false);
        values.add(v);
      }
      for (int c = 0; c < counts.size(); c++) {
        Count count = counts.get(c);
        int at = in.fieldIndex(count.column());
        List<SmallCells.Cell> cells = new ArrayList<>();
        boolean[] mustHide = new boolean[snapshotRows.size()];
        int forcedAt = count.forced() == null ? -1 : in.fieldIndex(count.forced());
        for (int i = 0; i < snapshotRows.size(); i++) {
          Row r = snapshotRows.get(i);
          cells.add(new SmallCells.Cell(RowType.ofCode(r.getString(typeAt)), r.getString(provinceAt), r.getString(districtAt),
              r.isNullAt(at) ? 0 : ((Number) r.get(at)).longValue()));
          mustHide[i] = forcedAt >= 0 && !r.isNullAt(forcedAt) && r.getBoolean(forcedAt);
        }
        List<SmallCells.Mark> marks = SmallCells.suppress(cells, min, mustHide);
        for (int i = 0; i < snapshotRows.size(); i++) {
          if (marks.get(i).hidden()) {
            Object[] v = values.get(i);
            v[at] = null;
            count.derived().forEach(d -> v[in.fieldIndex(d)] = null);
            v[width + c] = true;
          }
        }
      }
      return values.stream().map(RowFactory::create).iterator();
    };
    return table.groupByKey((MapFunction<Row, String>) r -> String.valueOf(r.get(snapshotAt)), Encoders.STRING())
        .flatMapGroups(perSnapshot, Encoders.row(out));
  }
}
