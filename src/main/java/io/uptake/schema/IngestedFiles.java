package io.uptake.schema;

import static org.apache.spark.sql.types.DataTypes.*;

import org.apache.spark.sql.types.StructType;

/**
 * {@code meta/ingested_files}: the ledger of install log files seen: ingested into bronze, skipped
 * as a duplicate delivery, or rejected as unreadable (none of whose rows is in bronze).
 */
public final class IngestedFiles {
  private IngestedFiles() {}

  /** Full URI, as bronze's {@code source_file}. */
  public static final String PATH = "path";
  public static final String SIZE = "size";
  public static final String MODIFICATION_TIME = "modification_time";
  /** SHA-256 of the file's bytes, hex. */
  public static final String CHECKSUM = "checksum";
  public static final String RUN_ID = "run_id";
  public static final String INGESTED_AT = "ingested_at";
  /** {@link #INGESTED}, {@link #EMPTY}, {@link #DUPLICATE} or {@link #REJECTED}; null in ledgers older than it: ingested. */
  public static final String OUTCOME = "outcome";
  /** Why a rejected file could not be read ("line 12: the file is not valid UTF-8"); null otherwise. */
  public static final String REASON = "reason";

  public static final String INGESTED = "ingested";
  /** Ingested, with no rows: no line, or a CSV header alone. */
  public static final String EMPTY = "empty";
  public static final String DUPLICATE = "duplicate";
  public static final String REJECTED = "rejected";

  public static final StructType SCHEMA = new StructType()
      .add(PATH, StringType, false)
      .add(SIZE, LongType, false)
      .add(MODIFICATION_TIME, TimestampType, false)
      .add(CHECKSUM, StringType, false)
      .add(RUN_ID, StringType, false)
      .add(INGESTED_AT, TimestampType, false)
      .add(OUTCOME, StringType, true)
      .add(REASON, StringType, true);
}
