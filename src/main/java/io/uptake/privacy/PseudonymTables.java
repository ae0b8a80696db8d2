package io.uptake.privacy;

import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.error.Errors;
import io.uptake.schema.SilverPhones;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Guards the silver tables keyed by phone pseudonym against a second key: pseudonyms of one phone
 * under two keys never match, so a night would add every phone again and count it twice. Each
 * table records the id of its key ({@value #KEY_ID}); a run with another key stops before it writes.
 *
 * <p>Tables written before pseudonymization (a {@code phone} column of E.164 numbers), or without a
 * recorded key id, are deleted with their history and rebuilt from bronze: their old versions and
 * their Delta log statistics hold phone numbers, so rewriting their rows would not be enough.
 */
public final class PseudonymTables {
  private PseudonymTables() {}

  public static final String KEY_ID = "uptake.phone_key_id";
  private static final List<Table> TABLES = List.of(Table.SILVER_PHONE_PROVINCES, Table.SILVER_PHONES);
  private static final String LEGACY_COLUMN = "phone";

  /** What a run must do with the tables before it writes. */
  public enum Verdict {
    /** Absent, or keyed by this run's key. */
    READY(null),
    LEGACY("were written before phones were pseudonymized: they hold phone numbers, in their rows and history"),
    UNRECORDED("record no key id (a rebuild stopped before it finished), so their key cannot be checked"),
    REKEY("were keyed by another key, and --rekey was given");

    private final String why;

    Verdict(String why) {
      this.why = why;
    }

    public boolean mustRebuild() {
      return this != READY;
    }
  }

  /**
   * Reads the tables' key ids and columns; no write.
   *
   * @throws io.uptake.error.UptakeException exit 2 when a table was keyed by another key and
   *     {@code rekey} is false
   */
  public static Verdict inspect(SparkSession spark, Warehouse warehouse, String keyId, boolean rekey) {
    Verdict verdict = Verdict.READY;
    for (Table t : TABLES) {
      if (!warehouse.exists(spark, t)) {
        continue;
      }
      java.util.Set<String> columns = warehouse.columns(spark, t);
      if (columns.contains(LEGACY_COLUMN) || !columns.contains(SilverPhones.PHONE_KEY)) {
        return Verdict.LEGACY;
      }
      Optional<String> recorded = warehouse.property(spark, t, KEY_ID);
      if (recorded.isEmpty()) {
        verdict = Verdict.UNRECORDED;
      } else if (!recorded.get().equals(keyId)) {
        if (!rekey) {
          throw Errors.usage("pseudonymize phones", t.relativePath() + " was keyed by phone key id " + recorded.get()
              + ", and this run's key has id " + keyId + "; mixed, every phone would count twice. Run with the key "
              + recorded.get() + ", or rebuild silver from bronze under this key with run --rekey");
        }
        verdict = Verdict.REKEY;
      }
    }
    return verdict;
  }

  /** Deletes both tables, history included, so that the run rebuilds them from bronze. */
  public static void deleteForRebuild(SparkSession spark, Warehouse warehouse, Verdict verdict, PrintStream progress) {
    progress.println("The silver phone tables " + verdict.why + ": deleting them with their history and rebuilding "
        + "them from bronze under this run's key.");
    // Phones first: a run that finds only it gone recomputes it from the state anyway.
    warehouse.delete(spark, Table.SILVER_PHONES);
    warehouse.delete(spark, Table.SILVER_PHONE_PROVINCES);
  }

  /** Records the key id on both tables (after the run wrote them; a no-op once recorded). */
  public static void record(SparkSession spark, Warehouse warehouse, String keyId) {
    for (Table t : TABLES) {
      warehouse.setProperties(spark, t, Map.of(KEY_ID, keyId));
    }
  }
}
