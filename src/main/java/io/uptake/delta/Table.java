package io.uptake.delta;

/** The tables Uptake keeps under the warehouse root, with the view name {@code query} gives each. */
public enum Table {
  BRONZE_INSTALLS("bronze/installs", "bronze_installs"),
  QUARANTINE_INSTALLS("quarantine/installs", "quarantine_installs"),
  SILVER_PHONE_PROVINCES("silver/phone_provinces", "silver_phone_provinces"),
  SILVER_ANONYMOUS_INSTALLS("silver/anonymous_installs", "silver_anonymous_installs"),
  SILVER_PHONES("silver/phones", "silver_phones"),
  SILVER_CENSUS("silver/census", "silver_census"),
  GOLD_ADOPTION("gold/adoption_by_district", "adoption_by_district"),
  GOLD_ADOPTION_DAILY("gold/adoption_daily", "adoption_daily"),
  INGESTED_FILES("meta/ingested_files", "ingested_files"),
  RUNS("meta/runs", "runs");

  private final String relativePath;
  private final String viewName;

  Table(String relativePath, String viewName) {
    this.relativePath = relativePath;
    this.viewName = viewName;
  }

  public String relativePath() {
    return relativePath;
  }

  public String viewName() {
    return viewName;
  }
}
