package io.uptake.delta;

import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.uptake.schema.SilverPhones;
import io.uptake.transform.AttributePhones;
import io.uptake.transform.JoinKeys;
import io.uptake.transform.PhoneChanges;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
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
public final class PhoneRegistry {
  private PhoneRegistry() {}

  // Below this many phones to recompute, the set is broadcast to the scans of the two big tables
  // (about 100 bytes a phone with its 64-digit pseudonym), so neither is shuffled.
  static final long BROADCAST_LIMIT = 1_000_000;

  /** {@code rows} broadcast to the joins it takes part in when it has at most {@link #BROADCAST_LIMIT} rows. */
  static Dataset<Row> broadcastIfSmall(Dataset<Row> rows, long count) {
    return count <= BROADCAST_LIMIT ? broadcast(rows) : rows;
  }

  /**
   * @param state {@code silver/phone_provinces} with the night's new minima (before they are appended)
   * @param touched phones ({@link SilverPhones#PHONE_KEY}) whose state the night changed; null after a
   *     rebuild of the state, which recomputes every phone
   */
  public static PhoneChanges.Tally update(SparkSession spark, Warehouse warehouse, Dataset<Row> state, Instant cutoff,
      Dataset<Row> touched) {
    Timestamp asOf = Timestamp.from(cutoff);
    String note = SilverPhones.AS_OF_NOTE + cutoff;
    Optional<Instant> previous = previousCutoff(spark, warehouse);
    if (touched == null || previous.isEmpty()) {
      return rebuild(spark, warehouse, state, asOf, note);
    }

    Dataset<Row> affected = touched.select(SilverPhones.PHONE_KEY)
        .union(AttributePhones.phonesWithEventsBetween(state, Timestamp.from(previous.get()), asOf))
        .distinct()
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long n = affected.count();
      if (n == 0 && previous.get().equals(cutoff)) {
        return new PhoneChanges.Tally(0, 0, 0);
      }
      Dataset<Row> keys = broadcastIfSmall(affected, n);
      Dataset<Row> newRows = AttributePhones.asOf(state.join(keys, JoinKeys.of(SilverPhones.PHONE_KEY), "left_semi"), asOf);
      Dataset<Row> oldRows = warehouse.read(spark, Table.SILVER_PHONES).join(keys, JoinKeys.of(SilverPhones.PHONE_KEY), "left_semi");
      // Staged, not cached: the append below commits to silver/phones, which makes Delta drop cached
      // plans that read it, and the MERGE after it would compute the changes all over again.
      try (Warehouse.Staged changes = warehouse.stage(spark, PhoneChanges.of(oldRows, newRows), "phone_changes")) {
        PhoneChanges.Counts counts = PhoneChanges.counts(changes.rows());
        merge(spark, warehouse, changes.rows(), counts, SilverPhones.AS_OF_NOTE + previous.get(), note);
        return counts.tally();
      }
    } finally {
      affected.unpersist(true);
    }
  }

  /** The cut-off {@code silver/phones} is as of, if its latest commit says. */
  public static Optional<Instant> previousCutoff(SparkSession spark, Warehouse warehouse) {
    return warehouse.lastCommitNote(spark, Table.SILVER_PHONES)
        .filter(n -> n.startsWith(SilverPhones.AS_OF_NOTE))
        .map(n -> Instant.parse(n.substring(SilverPhones.AS_OF_NOTE.length())));
  }

  private static PhoneChanges.Tally rebuild(SparkSession spark, Warehouse warehouse, Dataset<Row> state, Timestamp asOf,
      String note) {
    return replace(spark, warehouse, AttributePhones.asOf(state, asOf), note);
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
    Dataset<Row> old = spark.read().format("delta").option("versionAsOf", before).load(warehouse.path(Table.SILVER_PHONES));
    return PhoneChanges.tally(PhoneChanges.of(old, warehouse.read(spark, Table.SILVER_PHONES)));
  }

  // The new phones are appended and the rest MERGEd with matched clauses only, so the changes are
  // broadcast instead of all of silver/phones shuffled to meet them (Delta runs a MERGE with an
  // insert clause as an outer join, which cannot broadcast its source). The append keeps
  // the previous as-of note: until the MERGE commits, a rerun still recomputes from the previous
  // cut-off, and finds the appended phones already as they should be (though it then counts them
  // as unchanged, not added: the run log's tally of a night so interrupted is short by them).
  // Only the old rows that change are MERGEd: most phones a night touches were already counted,
  // and as they were.
  private static void merge(SparkSession spark, Warehouse warehouse, Dataset<Row> changes, PhoneChanges.Counts counts,
      String previousNote, String note) {
    String path = warehouse.path(Table.SILVER_PHONES);
    String[] columns = {SilverPhones.PHONE_KEY, SilverPhones.PROVINCE_CODE, SilverPhones.DISTRICT_CODE,
        SilverPhones.ATTRIBUTED_AT, SilverPhones.FIRST_SEEN};
    Dataset<Row> added = changes.where(col(PhoneChanges.COUNTED).and(not(col(PhoneChanges.WAS_COUNTED))))
        .select(java.util.Arrays.stream(columns).map(functions::col).toArray(Column[]::new));
    Dataset<Row> known = changes.where(PhoneChanges.rewritten());
    boolean anyAdded = counts.tally().added() > 0;
    boolean anyKnown = counts.rewritten() > 0;
    if (!anyKnown) {
      // Nothing to MERGE (Delta would record no commit, and with it no note): the append carries it.
      if (anyAdded) {
        Warehouse.withCommitNote(spark, note, () -> added.write().format("delta").mode("append").save(path));
      } else {
        Warehouse.withCommitNote(spark, note, () -> spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES ('"
            + SilverPhones.AS_OF_PROPERTY + "' = '" + note.substring(SilverPhones.AS_OF_NOTE.length()) + "')"));
      }
      return;
    }
    if (anyAdded) {
      Warehouse.withCommitNote(spark, previousNote, () -> added.write().format("delta").mode("append").save(path));
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String c : columns) {
      if (!c.equals(SilverPhones.PHONE_KEY)) {
        values.put(c, "c." + c);
      }
    }
    Warehouse.withCommitNote(spark, note, () -> DeltaTable.forPath(spark, path).as("p")
        .merge(broadcastIfSmall(known, counts.rewritten()).as("c"), col("p." + SilverPhones.PHONE_KEY).equalTo(col("c." + SilverPhones.PHONE_KEY)))
        .whenMatched(col("c." + PhoneChanges.COUNTED).equalTo(false)).delete()
        .whenMatched().updateExpr(values)
        .execute());
  }
}
