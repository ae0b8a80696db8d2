package io.uptake.config;

import java.util.List;

/**
 * Every configuration key, declared once with its default and a one-line description. The table in
 * docs/configuration.md and {@code conf/uptake.yaml} reproduce these lines (a test keeps them in step).
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
  EXPECT_UNRESOLVED_DISTRICT_ACTION("expectations.unresolved_district.action", "warn", "When more than max_share of a night's accepted rows have no resolvable district: off, warn, quarantine (those rows, reason unresolved_district) or fail (exit 6, before quarantine and silver are written)."),
  EXPECT_UNRESOLVED_DISTRICT_MAX_SHARE("expectations.unresolved_district.max_share", "0.05", "Largest share (0 to 1) of a night's accepted rows allowed without a resolvable district."),
  EXPECT_NIGHT_VOLUME_ACTION("expectations.night_volume.action", "warn", "When a night's rows read fall below min_fraction of the median of the earlier nights: off, warn or fail (exit 6, before any write)."),
  EXPECT_NIGHT_VOLUME_MIN_FRACTION("expectations.night_volume.min_fraction", "0.5", "Smallest night volume allowed, as a fraction of that median."),
  EXPECT_NIGHT_VOLUME_NIGHTS("expectations.night_volume.nights", "7", "Earlier nights (cut-off dates with rows) the median is taken over; judged once 3 are on record."),
  EXPECT_PHONES_ABOVE_ACTION("expectations.phones_above_smartphones.action", "warn", "When an area counts more phones than its census denominator: off, warn or fail (exit 6, before the gold snapshot is written)."),
  EXPECT_PHONES_ABOVE_DENOMINATOR("expectations.phones_above_smartphones.denominator", "smartphones", "The census column an area's phones must not exceed."),
  EXPECT_DENOMINATOR_CHANGE_ACTION("expectations.denominator_change.action", "warn", "When a census figure moved more than max_change from the previous census: off, warn or fail (exit 6, before any write)."),
  EXPECT_DENOMINATOR_CHANGE_MAX_CHANGE("expectations.denominator_change.max_change", "0.25", "Largest relative change (a fraction) of a census figure from the census of the previous run."),
  PUBLISH_MIN_COUNT("publish.min_count", "(none: off)", "Smallest count that reports and the published views show; smaller counts, and the cells that would reveal them from a total, show as suppressed. Gold keeps the true counts."),
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
