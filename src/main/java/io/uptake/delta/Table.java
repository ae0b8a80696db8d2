package io.uptake.delta;

/**
 * The tables Uptake keeps under the warehouse root, with the view name {@code query} gives each,
 * and how each is laid out.
 *
 * <p>Bronze is partitioned by landing date, so a night's write and read touch the night's folder
 * only. The silver tables use deletion vectors, so the MERGE into {@code silver/phones} writes the
 * rows it changes rather than every file holding one of them. Gold and meta tables keep the plainest
 * features (reader 1, writer 2), so any Delta reader opens them.
 *
 * <p>The big tables collect file statistics only for the columns the pipeline filters on (Delta's
 * default, the first 32 columns, cost a sixteenth of a full run's task time in bronze's write
 * alone, and min/max of a pseudonym or a raw phone skip no file).
 */
public enum Table {
  BRONZE_INSTALLS("bronze/installs", "bronze_installs", io.uptake.schema.BronzeInstalls.LANDING_DATE, false,
      io.uptake.schema.BronzeInstalls.SOURCE_FILE, io.uptake.schema.BronzeInstalls.RUN_ID),
  QUARANTINE_INSTALLS("quarantine/installs", "quarantine_installs", null, false,
      io.uptake.schema.BronzeInstalls.SOURCE_FILE, io.uptake.schema.BronzeInstalls.RUN_ID),
  SILVER_PHONE_PROVINCES("silver/phone_provinces", "silver_phone_provinces", null, true,
      io.uptake.schema.SilverPhoneProvinces.FIRST_EVENT,
      io.uptake.schema.SilverPhoneProvinces.FIRST_DISTRICT_EVENT + "." + io.uptake.schema.SilverPhoneProvinces.TIME),
  SILVER_ANONYMOUS_INSTALLS("silver/anonymous_installs", "silver_anonymous_installs", null, false,
      io.uptake.schema.BronzeInstalls.SOURCE_FILE, io.uptake.schema.CleanEvents.EVENT_TIME),
  SILVER_PHONES("silver/phones", "silver_phones", null, true,
      io.uptake.schema.SilverPhones.ATTRIBUTED_AT, io.uptake.schema.SilverPhones.FIRST_SEEN),
  SILVER_CENSUS("silver/census", "silver_census", null, false),
  GOLD_ADOPTION("gold/adoption_by_district", "adoption_by_district", null, false),
  GOLD_ADOPTION_DAILY("gold/adoption_daily", "adoption_daily", null, false),
  INGESTED_FILES("meta/ingested_files", "ingested_files", null, false),
  RUNS("meta/runs", "runs", null, false),
  /** One row: which run holds the warehouse ({@link RunLease}). */
  RUN_LOCK("meta/run_lock", "run_lock", null, false);

  private final String relativePath;
  private final String viewName;
  private final String partitionColumn;
  private final boolean deletionVectors;
  private final java.util.List<String> statsColumns;

  Table(String relativePath, String viewName, String partitionColumn, boolean deletionVectors, String... statsColumns) {
    this.relativePath = relativePath;
    this.viewName = viewName;
    this.partitionColumn = partitionColumn;
    this.deletionVectors = deletionVectors;
    this.statsColumns = java.util.List.of(statsColumns);
  }

  /**
   * Bronze's property naming the first day it still holds every row of (set by {@code uptake
   * retain}): silver cannot be rebuilt from a bronze cut shorter, and runs that would try stop.
   */
  public static final String RETAINED_SINCE = "uptake.bronze_complete_since";

  /** The Delta property naming the columns Delta keeps file statistics for. */
  public static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

  /** Delta table properties the table is created with (and an older table given once). */
  public java.util.Map<String, String> properties() {
    java.util.Map<String, String> p = new java.util.TreeMap<>();
    if (deletionVectors) {
      p.put("delta.enableDeletionVectors", "true");
    }
    if (!statsColumns.isEmpty()) {
      p.put(STATS_COLUMNS, String.join(",", statsColumns));
    }
    return p;
  }

  /** The column the table is partitioned by, or null. */
  public String partitionColumn() {
    return partitionColumn;
  }

  public String relativePath() {
    return relativePath;
  }

  public String viewName() {
    return viewName;
  }
}
