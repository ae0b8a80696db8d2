package io.uptake.attribution;

import static org.apache.spark.sql.functions.*;

import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.schema.SilverPhoneProvinces;
import io.uptake.schema.SilverPhones;
import io.uptake.schema.UsingColumns;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Keeps {@code silver/phones} (one row per phone, attributed as of the latest cut-off) in step with
 * {@code silver/phone_provinces}. A night recomputes only the phones whose attribution can have
 * changed — those the night touched, and those with an event between the previous cut-off and this
 * one — and MERGEs them in; everything else is, by the rule, what it was.
 */
public final class SilverPhonesUpdate {
  private SilverPhonesUpdate() {}

  // Below this many phones to recompute, the set is broadcast to the scans of the two big tables
  // (about 100 bytes a phone with its 64-digit pseudonym), so neither is shuffled.
  static final long BROADCAST_LIMIT = 1_000_000;

  // Up to this many phones re-attributed, re-timed or gone, silver/phones takes the night in one
  // replaceWhere over their keys (a condition of about 70 bytes a phone); above it, an append and
  // a MERGE. The setting exists so that tests can take either way.
  static final String REPLACE_LIMIT = "uptake.silver.replaceLimit";

  /** {@code rows} broadcast to the joins it takes part in when it has at most {@link #BROADCAST_LIMIT} rows. */
  static Dataset<Row> broadcastIfSmall(Dataset<Row> rows, long count) {
    return count <= BROADCAST_LIMIT ? broadcast(rows) : rows;
  }

  /** Marks the rows {@link Night} read for the night's phones (the others have an event between the cut-offs). */
  private static final String IN_NIGHT = "__in_night";

  /**
   * Plans a night's update of silver from one read of {@code silver/phone_provinces}: the rows of
   * the night's phones, from which come the night's new minima and those phones' attribution, and
   * the rows with an event between the previous cut-off and this one, whose phones' attribution can
   * change though the night never touched them (an evening's events after a cut-off make some). Those
   * outside the night move on from their old {@code silver/phones} rows; only when the cut-off moves
   * back are all of their rows read again.
   *
   * @param night the night's rows, one per (phone, province), keyed as the tables store phones
   */
  public static Night night(SparkSession spark, Warehouse warehouse, Dataset<Row> night, Instant cutoff) {
    Optional<Instant> previous = previousCutoff(spark, warehouse);
    Column between = previous.map(p -> AttributePhones.eventBetween(Timestamp.from(p), Timestamp.from(cutoff)))
        .orElse(lit(false));
    long pairs = night.count();
    Dataset<Row> state = state(spark, warehouse);
    Dataset<Row> read;
    if (pairs == 0) {
      read = state.where(between).withColumn(IN_NIGHT, lit(false));
    } else {
      // At most as many phones as pairs: the bound decides the broadcast without counting them.
      Dataset<Row> phones = night.select(SilverPhoneProvinces.PHONE_KEY).distinct().withColumn(IN_NIGHT, lit(true));
      read = state.join(broadcastIfSmall(phones, pairs), UsingColumns.of(SilverPhoneProvinces.PHONE_KEY), "left_outer")
          .where(col(IN_NIGHT).isNotNull().or(between))
          .withColumn(IN_NIGHT, coalesce(col(IN_NIGHT), lit(false)));
    }
    // Staged: the rows outlive the commits to silver/phones, and the state's append comes last.
    Warehouse.Staged rows = warehouse.stage(spark, read, "phone_provinces_read");
    Warehouse.Staged added = NewMinima.newMinima(spark, warehouse, night, pairs, rows.rows().where(col(IN_NIGHT)));
    return new Night(spark, warehouse, cutoff, previous, between, rows, added);
  }

  /** The rows a night read from the state, its new minima, and the two updates made from them. */
  public static final class Night implements AutoCloseable {
    private final SparkSession spark;
    private final Warehouse warehouse;
    private final Instant cutoff;
    private final Optional<Instant> previous;
    private final Column between;
    private final Warehouse.Staged read;
    private final Warehouse.Staged added;

    private Night(SparkSession spark, Warehouse warehouse, Instant cutoff, Optional<Instant> previous, Column between,
        Warehouse.Staged read, Warehouse.Staged added) {
      this.spark = spark;
      this.warehouse = warehouse;
      this.cutoff = cutoff;
      this.previous = previous;
      this.between = between;
      this.read = read;
      this.added = added;
    }

    /**
     * Brings {@code silver/phones} to the cut-off, from the state with the night's new minima:
     * only the phones the night lowered a minimum of, and those with an event between the cut-offs,
     * are recomputed; every other phone is, by the rule, what it was. Without a previous cut-off
     * (none noted) every phone is.
     */
    public PhoneChanges.Tally updatePhones() {
      Timestamp asOf = Timestamp.from(cutoff);
      String note = SilverPhones.AS_OF_NOTE + cutoff;
      if (previous.isEmpty()) {
        return replace(spark, warehouse, AttributePhones.asOf(state(spark, warehouse).unionByName(added.rows()), asOf), note);
      }
      Dataset<Row> rows = read.rows();
      Dataset<Row> affected = added.rows().select(SilverPhones.PHONE_KEY)
          .union(rows.where(between).select(SilverPhones.PHONE_KEY))
          .distinct()
          .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        long n = affected.count();
        if (n == 0 && previous.get().equals(cutoff)) {
          return new PhoneChanges.Tally(0, 0, 0);
        }
        Dataset<Row> keys = broadcastIfSmall(affected, n);
        // Staged: read once, used twice below (the old rows, and what phones outside the night were).
        try (Warehouse.Staged oldRows = warehouse.stage(spark,
            warehouse.read(spark, Table.SILVER_PHONES).join(keys, UsingColumns.of(SilverPhones.PHONE_KEY), "left_semi"), "phones_before")) {
          Dataset<Row> ofAffected = rows.where(col(IN_NIGHT)).drop(IN_NIGHT).unionByName(added.rows());
          Dataset<Row> outside = rows.where(not(col(IN_NIGHT))).drop(IN_NIGHT);
          Dataset<Row> outsidePhones = outside.select(SilverPhoneProvinces.PHONE_KEY).distinct();
          if (previous.get().isBefore(cutoff)) {
            // The phones outside the night from their old rows and their rows between the cut-offs:
            // no second read of the state.
            ofAffected = ofAffected.unionByName(outside).unionByName(AttributePhones.asStateRows(oldRows.rows()
                .join(broadcastIfSmall(outsidePhones, n), UsingColumns.of(SilverPhones.PHONE_KEY), "left_semi")));
          } else if (!outside.isEmpty()) {
            // An earlier cut-off: rows they had counted drop out, so all of their rows are read.
            ofAffected = ofAffected.unionByName(state(spark, warehouse)
                .join(broadcastIfSmall(outsidePhones, n), UsingColumns.of(SilverPhoneProvinces.PHONE_KEY), "left_semi"));
          }
          Dataset<Row> newRows = AttributePhones.asOf(ofAffected.join(keys, UsingColumns.of(SilverPhones.PHONE_KEY), "left_semi"), asOf);
          return mergeChanges(oldRows.rows(), newRows, note);
        }
      } finally {
        affected.unpersist(true);
      }
    }

    private PhoneChanges.Tally mergeChanges(Dataset<Row> oldRows, Dataset<Row> newRows, String note) {
      // Staged, not cached: the append below commits to silver/phones, which makes Delta drop cached
      // plans that read it, and the MERGE after it would compute the changes all over again.
      try (Warehouse.Staged changes = warehouse.stage(spark, PhoneChanges.of(oldRows, newRows), "phone_changes")) {
        PhoneChanges.Counts counts = PhoneChanges.counts(changes.rows());
        merge(spark, warehouse, changes.rows(), counts, SilverPhones.AS_OF_NOTE + previous.get(), note,
            previous.get().equals(cutoff));
        return counts.tally();
      }
    }

    /** Appends {@link #newMinima} to {@code silver/phone_provinces}, after {@link #updatePhones}. */
    public long appendNewMinima() {
      return NewMinima.append(spark, warehouse, added.rows());
    }

    @Override
    public void close() {
      try (read; added) {
        // both closed, the staged rows removed
      }
    }
  }

  private static Dataset<Row> state(SparkSession spark, Warehouse warehouse) {
    return warehouse.read(spark, Table.SILVER_PHONE_PROVINCES).select(SilverPhoneProvinces.PHONE_KEY,
        SilverPhoneProvinces.PROVINCE_CODE, SilverPhoneProvinces.FIRST_EVENT, SilverPhoneProvinces.FIRST_DISTRICT_EVENT);
  }

  /** The cut-off {@code silver/phones} is as of, if its latest commit says. */
  public static Optional<Instant> previousCutoff(SparkSession spark, Warehouse warehouse) {
    return warehouse.lastCommitNote(spark, Table.SILVER_PHONES)
        .filter(n -> n.startsWith(SilverPhones.AS_OF_NOTE))
        .map(n -> Instant.parse(n.substring(SilverPhones.AS_OF_NOTE.length())));
  }

  /**
   * Replaces {@code silver/phones} with {@code phones}, attributed as of {@code cutoff} by the
   * caller (a rebuild that has the state's minima at hand attributes them without reading the table).
   */
  public static PhoneChanges.Tally replaceAll(SparkSession spark, Warehouse warehouse, Dataset<Row> phones, Instant cutoff) {
    return replace(spark, warehouse, phones, SilverPhones.AS_OF_NOTE + cutoff);
  }

  private static PhoneChanges.Tally replace(SparkSession spark, Warehouse warehouse, Dataset<Row> newRows, String note) {
    if (!warehouse.exists(spark, Table.SILVER_PHONES)) {
      warehouse.overwrite(newRows, Table.SILVER_PHONES, note);
      return new PhoneChanges.Tally(warehouse.read(spark, Table.SILVER_PHONES).count(), 0, 0);
    }
    // The old version stays readable while the new one is written; the tally compares the two.
    long before = warehouse.version(spark, Table.SILVER_PHONES);
    warehouse.overwrite(newRows, Table.SILVER_PHONES, note);
    Dataset<Row> old = warehouse.readVersion(spark, Table.SILVER_PHONES, before);
    return PhoneChanges.tally(PhoneChanges.of(old, warehouse.read(spark, Table.SILVER_PHONES)));
  }

  // Few old rows to change (a night's usual case): one replaceWhere commit over their keys, which
  // Delta runs as a delete with deletion vectors (one scan) and an insert. Many: the new phones are
  // appended and the rest MERGEd with matched clauses only, so the changes are
  // broadcast instead of all of silver/phones shuffled to meet them (Delta runs a MERGE with an
  // insert clause as an outer join, which cannot broadcast its source). The append keeps
  // the previous as-of note: until the MERGE commits, a rerun still recomputes from the previous
  // cut-off, and finds the appended phones already as they should be (though it then counts them
  // as unchanged, not added: the run log's tally of a night so interrupted is short by them).
  // Only the old rows that change are MERGEd: most phones a night touches were already counted,
  // and as they were.
  private static void merge(SparkSession spark, Warehouse warehouse, Dataset<Row> changes, PhoneChanges.Counts counts,
      String previousNote, String note, boolean sameCutoff) {
    String[] columns = {SilverPhones.PHONE_KEY, SilverPhones.PROVINCE_CODE, SilverPhones.DISTRICT_CODE,
        SilverPhones.ATTRIBUTED_AT, SilverPhones.FIRST_SEEN};
    Column[] tableColumns = java.util.Arrays.stream(columns).map(functions::col).toArray(Column[]::new);
    Dataset<Row> added = changes.where(col(PhoneChanges.COUNTED).and(not(col(PhoneChanges.WAS_COUNTED))))
        .select(tableColumns);
    Dataset<Row> known = changes.where(PhoneChanges.rewritten());
    boolean anyAdded = counts.tally().added() > 0;
    boolean anyKnown = counts.rewritten() > 0;
    if (!anyKnown) {
      // Nothing to MERGE (Delta would record no commit, and with it no note): the append carries it.
      if (!anyAdded && sameCutoff) {
        return; // as it was, note included
      }
      if (anyAdded) {
        warehouse.append(added, Table.SILVER_PHONES, note);
      } else {
        warehouse.setPropertiesNoted(spark, Table.SILVER_PHONES,
            Map.of(SilverPhones.AS_OF_PROPERTY, note.substring(SilverPhones.AS_OF_NOTE.length())), note);
      }
      return;
    }
    if (counts.rewritten() <= Long.parseLong(spark.conf().get(REPLACE_LIMIT, "20000"))) {
      // One commit and one scan: the old rows of the phones that change go (as deletion vectors),
      // their new rows and the new phones come in.
      List<String> keys = known.select(SilverPhones.PHONE_KEY).as(Encoders.STRING()).collectAsList();
      Dataset<Row> rows = changes.where(col(PhoneChanges.COUNTED)
              .and(PhoneChanges.rewritten().or(not(col(PhoneChanges.WAS_COUNTED)))))
          .select(tableColumns);
      warehouse.replaceRowsNoted(rows, Table.SILVER_PHONES, col(SilverPhones.PHONE_KEY).isin(keys.toArray()), note);
      return;
    }
    if (anyAdded) {
      warehouse.append(added, Table.SILVER_PHONES, previousNote);
    }
    Map<String, Column> values = new LinkedHashMap<>();
    for (String c : columns) {
      if (!c.equals(SilverPhones.PHONE_KEY)) {
        values.put(c, col("source." + c));
      }
    }
    warehouse.merge(spark, Table.SILVER_PHONES, broadcastIfSmall(known, counts.rewritten()),
        col("target." + SilverPhones.PHONE_KEY).equalTo(col("source." + SilverPhones.PHONE_KEY)), note,
        merge -> merge.whenMatched(col("source." + PhoneChanges.COUNTED).equalTo(false)).delete()
            .whenMatched().update(values));
  }
}
