package io.uptake.config;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * The validated configuration of a run: YAML values with flags applied on top (flag > YAML >
 * default). Immutable; built by {@link ConfigLoader}.
 */
public record UptakeConfig(
    String warehouse,
    ZoneId timeZone,
    String installs,
    String census,
    String adminUnits,
    String mobilePrefixes,
    String aliases,
    OnChangedFile onChangedFile,
    OnBadFile onBadFile,
    List<String> requiredDenominators,
    LocalTime reportingTime,
    double targetShare,
    String targetDenominator,
    String phoneKeyFile,
    Integer retentionDays,
    int retentionVacuumHours,
    ExpectationSettings expectations,
    /** Smallest published count (small-cell suppression); null: off. */
    Integer publishMinCount,
    String source) {

  public UptakeConfig {
    requiredDenominators = List.copyOf(requiredDenominators);
  }

  /** A day's cut-off: the reporting time of that date in the configured zone. */
  public java.time.Instant cutoffOf(LocalDate day) {
    return day.atTime(reportingTime).atZone(timeZone).toInstant();
  }

  public UptakeConfig withWarehouse(String value) {
    return value == null ? this : new UptakeConfig(value, timeZone, installs, census, adminUnits, mobilePrefixes, aliases, onChangedFile, onBadFile, requiredDenominators, reportingTime, targetShare, targetDenominator, phoneKeyFile, retentionDays, retentionVacuumHours, expectations, publishMinCount, source);
  }

  public UptakeConfig withInstalls(String value) {
    return value == null ? this : new UptakeConfig(warehouse, timeZone, value, census, adminUnits, mobilePrefixes, aliases, onChangedFile, onBadFile, requiredDenominators, reportingTime, targetShare, targetDenominator, phoneKeyFile, retentionDays, retentionVacuumHours, expectations, publishMinCount, source);
  }

  /** --fail-fast: stop at the first unreadable file (null keeps the configured policy). */
  public UptakeConfig withOnBadFile(OnBadFile value) {
    return value == null ? this : new UptakeConfig(warehouse, timeZone, installs, census, adminUnits, mobilePrefixes, aliases, onChangedFile, value, requiredDenominators, reportingTime, targetShare, targetDenominator, phoneKeyFile, retentionDays, retentionVacuumHours, expectations, publishMinCount, source);
  }

  /** A config naming a phone key file (tests; the CLI takes it from YAML). */
  public UptakeConfig withPhoneKeyFile(String value) {
    return new UptakeConfig(warehouse, timeZone, installs, census, adminUnits, mobilePrefixes, aliases, onChangedFile, onBadFile, requiredDenominators, reportingTime, targetShare, targetDenominator, value, retentionDays, retentionVacuumHours, expectations, publishMinCount, source);
  }

  /** A config with another VACUUM history (tests vacuum at once). */
  public UptakeConfig withRetentionVacuumHours(int hours) {
    return new UptakeConfig(warehouse, timeZone, installs, census, adminUnits, mobilePrefixes, aliases, onChangedFile, onBadFile, requiredDenominators, reportingTime, targetShare, targetDenominator, phoneKeyFile, retentionDays, hours, expectations, publishMinCount, source);
  }

  /** A config with other expectations (tests). */
  public UptakeConfig withExpectations(ExpectationSettings value) {
    return new UptakeConfig(warehouse, timeZone, installs, census, adminUnits, mobilePrefixes, aliases, onChangedFile, onBadFile, requiredDenominators, reportingTime, targetShare, targetDenominator, phoneKeyFile, retentionDays, retentionVacuumHours, value, publishMinCount, source);
  }

  /** A config with another smallest published count (tests; null: off). */
  public UptakeConfig withPublishMinCount(Integer value) {
    return new UptakeConfig(warehouse, timeZone, installs, census, adminUnits, mobilePrefixes, aliases, onChangedFile, onBadFile, requiredDenominators, reportingTime, targetShare, targetDenominator, phoneKeyFile, retentionDays, retentionVacuumHours, expectations, value, source);
  }

  public UptakeConfig withCensus(String value) {
    return value == null ? this : new UptakeConfig(warehouse, timeZone, installs, value, adminUnits, mobilePrefixes, aliases, onChangedFile, onBadFile, requiredDenominators, reportingTime, targetShare, targetDenominator, phoneKeyFile, retentionDays, retentionVacuumHours, expectations, publishMinCount, source);
  }
}
