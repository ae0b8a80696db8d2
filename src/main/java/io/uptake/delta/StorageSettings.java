package io.uptake.delta;

import io.uptake.schema.BronzeInstalls;
import io.uptake.schema.SilverPhoneProvinces;
import io.uptake.schema.SilverPhones;
import java.util.Map;

/**
 * How the tables' files are written and committed and the run's rows cached, as session settings
 * (Spark copies the Parquet ones into the Hadoop configuration every write reads). Each one is a
 * cost measured on the hot path of a run; none changes what a table holds.
 */
public final class StorageSettings {
  private StorageSettings() {}

  private static final String NO_DICTIONARY = "parquet.enable.dictionary#";

  public static final Map<String, String> SESSION = Map.ofEntries(
      // Parquet tries a dictionary for every column chunk and falls back for columns of nearly
      // unique values (pseudonyms, raw phones, times, line numbers, bronze's other fields), work
      // wasted on every write for files of the same size (docs/performance.md has the figures).
      // Columns of few values (paths, names, codes) keep their dictionaries.
      Map.entry(NO_DICTIONARY + SilverPhones.PHONE_KEY, "false"),
      Map.entry(NO_DICTIONARY + BronzeInstalls.PHONE, "false"),
      Map.entry(NO_DICTIONARY + BronzeInstalls.EVENT_TIME, "false"),
      Map.entry(NO_DICTIONARY + BronzeInstalls.LINE_NUMBER, "false"),
      Map.entry(NO_DICTIONARY + BronzeInstalls.EXTRA_FIELDS + ".key_value.value", "false"),
      Map.entry(NO_DICTIONARY + SilverPhoneProvinces.FIRST_EVENT, "false"),
      Map.entry(NO_DICTIONARY + SilverPhoneProvinces.FIRST_DISTRICT_EVENT + "." + SilverPhoneProvinces.TIME, "false"),
      Map.entry(NO_DICTIONARY + SilverPhones.ATTRIBUTED_AT, "false"),
      Map.entry(NO_DICTIONARY + SilverPhones.FIRST_SEEN, "false"),
      // The run's cached rows are kept as they are, not compressed: to choose an encoding, Spark
      // probes a dictionary of boxed values for every value of every column, which cost more than
      // the cleaning itself (docs/performance.md). The cached rows are narrow (CleanInstalls.narrow).
      Map.entry("spark.sql.inMemoryColumnarStorage.compressed", "false"),
      // Timestamps as Parquet's INT64 microseconds, not the legacy 12-byte INT96 (hashed for a
      // dictionary on every value); every Delta and Parquet reader of today reads both.
      Map.entry("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS"),
      // A write task holding rows of a few partitions (a night's files of one or two landing
      // dates) opens a file per partition instead of sorting its rows by partition first: the
      // sort was an eighth of a full run's task time. Past this many, the writer sorts the rest.
      Map.entry("spark.sql.maxConcurrentOutputFileWriters", "4"),
      // Delta checks the file list it keeps in each commit's checksum against a full replay of
      // the log after every commit whenever the session, JVM or user time zone is not UTC (a
      // check of its own serialization of pre-1883 timestamps): a state rebuild per commit for
      // an operator in Asia/Ho_Chi_Minh. The check only ever drops that list; no table changes.
      Map.entry("spark.databricks.delta.allFilesInCrc.verificationMode.forceOnNonUTC.enabled", "false"));
}
