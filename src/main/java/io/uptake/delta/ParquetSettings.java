package io.uptake.delta;

import io.uptake.schema.BronzeInstalls;
import io.uptake.schema.SilverPhones;
import java.util.Map;

/**
 * How the tables' Parquet files are written, as session settings (Spark copies them into the
 * Hadoop configuration every write reads). Dictionary encoding is switched off for columns of
 * nearly unique values (pseudonyms, raw phones, times, line numbers, the device ids and such in
 * bronze's other fields): Parquet tries a dictionary for every column chunk and falls back, which
 * cost a fifth of bronze's write and half of each silver write at 1M phones for files of the same
 * size. Columns of few values (paths, names, codes) keep their dictionaries.
 */
public final class ParquetSettings {
  private ParquetSettings() {}

  private static final String NO_DICTIONARY = "parquet.enable.dictionary#";

  public static final Map<String, String> SESSION = Map.of(
      NO_DICTIONARY + SilverPhones.PHONE_KEY, "false",
      NO_DICTIONARY + BronzeInstalls.PHONE, "false",
      NO_DICTIONARY + BronzeInstalls.EVENT_TIME, "false",
      NO_DICTIONARY + BronzeInstalls.LINE_NUMBER, "false",
      NO_DICTIONARY + BronzeInstalls.EXTRA_FIELDS + ".key_value.value", "false");
}
