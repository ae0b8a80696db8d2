package io.uptake.config;

import java.util.List;

/**
 * Every configuration key, declared once with its default and a one-line description. The README's
 * table and {@code conf/uptake.yaml} reproduce these lines (a test keeps them in step).
 */
public enum ConfigKey {
  WAREHOUSE("warehouse", "./warehouse", "Root of the Delta tables (local path or any Hadoop URI); flag --warehouse."),
  TIME_ZONE("time_zone", "Asia/Ho_Chi_Minh", "Zone of event times written without an offset, and of dates shown in reports."),
  INPUTS_INSTALLS("inputs.installs", "(none)", "Directory tree of install logs (*.jsonl, *.csv, optionally .gz); flag --installs."),
  INPUTS_CENSUS("inputs.census", "(none)", "Directory of census CSV files (denominators); flag --census."),
  REFERENCE_ADMIN_UNITS("reference.admin_units", "(bundled 2021-02-01 GSO list)", "CSV of administrative units (level,code,name,type,parent_code)."),
  REFERENCE_MOBILE_PREFIXES("reference.mobile_prefixes", "(bundled 2018 table)", "CSV of legacy 11-digit mobile prefixes and their 10-digit successors."),
  REFERENCE_ALIASES("reference.aliases", "(bundled conf/aliases.yaml)", "YAML of spelling variants of provinces and districts the name rules cannot derive."),
  SCHEDULE_REPORTING_TIME("schedule.reporting_time", "17:00", "Local time of day (in time_zone) of a day's cut-off, for run --date and --from/--to."),
  TREND_TARGET_SHARE("trend.target_share", "0.4", "Adoption target as a share of trend.target_denominator, for the trend table."),
  TREND_TARGET_DENOMINATOR("trend.target_denominator", "population", "The census column the adoption target is measured against."),
  INGEST_ON_CHANGED_FILE("ingest.on_changed_file", "error", "A file ingested before whose bytes changed: error (stop the run) or replace (take the new version)."),
  INGEST_ON_BAD_FILE("ingest.on_bad_file", "reject", "A file that cannot be read as its name says (gzip, UTF-8, JSON Lines or CSV, a CSV header with the required columns): reject (record it, go on, exit 4) or stop (exit 3, nothing written); flag --fail-fast."),
  PRIVACY_PHONE_KEY_FILE("privacy.phone_key_file", "(none)", "File (local path or Hadoop URI) holding the secret key of the phone pseudonyms, 64 hex digits; the environment variable UPTAKE_PHONE_KEY wins over it. Never the key itself."),
  RETENTION_DAYS("retention.days", "(none)", "Days of raw rows (bronze, quarantine) that uptake retain keeps; older ones are deleted and vacuumed; flag --days."),
  RETENTION_VACUUM_HOURS("retention.vacuum_hours", "168", "History uptake retain's VACUUM keeps, in hours; below Delta's 168 it breaks time travel to older versions."),
  CENSUS_REQUIRED_DENOMINATORS("census.required_denominators", "[population, smartphones]", "Count columns the census must provide; others flow through too.");

  private final String key;
  private final String defaultValue;
  private final String description;

  ConfigKey(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  public static List<String> names() {
    return java.util.Arrays.stream(values()).map(ConfigKey::key).toList();
  }
}
