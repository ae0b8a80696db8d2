package io.uptake.delta;

/**
 * The tables Uptake keeps under the warehouse root, with the view name {@code query} gives each,
 * and how each is laid out.
 *
 * <p>Bronze is partitioned by landing date, so a night's write and read touch the night's folder
 * only. The silver tables use deletion vectors, so the MERGE into {@code silver/phones} writes the
 * rows it changes rather than every file holding one of them. Gold and meta tables keep the plainest
 * features (reader 1, writer 2), so any Delta reader opens them.
 */
public enum Table {
  BRONZE_INSTALLS("bronze/installs", "bronze_installs", io.uptake.schema.BronzeInstalls.LANDING_DATE, false),
  QUARANTINE_INSTALLS("quarantine/installs", "quarantine_installs", null, false),
  SILVER_PHONE_PROVINCES("silver/phone_provinces", "silver_phone_provinces", null, true),
  SILVER_ANONYMOUS_INSTALLS("silver/anonymous_installs", "silver_anonymous_installs", null, false),
  SILVER_PHONES("silver/phones", "silver_phones", null, true),
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

  Table(String relativePath, String viewName, String partitionColumn, boolean deletionVectors) {
    this.relativePath = relativePath;
    this.viewName = viewName;
    this.partitionColumn = partitionColumn;
    this.deletionVectors = deletionVectors;
  }

  /** The column the table is partitioned by, or null. */
  public String partitionColumn() {
    return partitionColumn;
  }

  public boolean deletionVectors() {
    return deletionVectors;
  }

  public String relativePath() {
    return relativePath;
  }

  public String viewName() {
    return viewName;
  }
}
