package io.uptake.config;

import static io.uptake.config.ConfigKey.*;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The validated configuration of a run: a value for each {@link ConfigKey}, from the YAML with
 * flags applied on top (flag > YAML > default). Immutable; built by {@link ConfigLoader}, changed
 * only through {@link #with}, which checks the value as the YAML's would be.
 */
public final class UptakeConfig {
  private final Map<ConfigKey<?>, Object> values;
  private final String source;

  UptakeConfig(Map<ConfigKey<?>, Object> configured, String source) {
    Map<ConfigKey<?>, Object> all = new HashMap<>();
    for (ConfigKey<?> k : ConfigKey.all()) {
      Object v = configured.containsKey(k) ? configured.get(k) : k.defaultValue();
      if (v != null) {
        all.put(k, v);
      }
    }
    this.values = Map.copyOf(all);
    this.source = source;
  }

  /** The key's value: as configured, else its default (null for an optional key not set). */
  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    return (T) values.get(key);
  }

  /**
   * This configuration with {@code key} set to {@code value}, checked as a YAML value would be;
   * null leaves it as it is (a flag not given).
   */
  public <T> UptakeConfig with(ConfigKey<T> key, T value) {
    if (value == null) {
      return this;
    }
    Map<ConfigKey<?>, Object> changed = new HashMap<>(values);
    changed.put(key, key.check(value, source));
    return new UptakeConfig(changed, source);
  }

  /** This configuration with the expectations' keys set from {@code e}. */
  public UptakeConfig withExpectations(ExpectationSettings e) {
    return with(EXPECT_UNRESOLVED_DISTRICT_ACTION, e.unresolvedDistrict().action())
        .with(EXPECT_UNRESOLVED_DISTRICT_MAX_SHARE, e.unresolvedDistrict().limit())
        .with(EXPECT_NIGHT_VOLUME_ACTION, e.nightVolume().action())
        .with(EXPECT_NIGHT_VOLUME_MIN_FRACTION, e.nightVolume().limit())
        .with(EXPECT_NIGHT_VOLUME_NIGHTS, e.volumeNights())
        .with(EXPECT_PHONES_ABOVE_ACTION, e.phonesAboveDenominator().action())
        .with(EXPECT_PHONES_ABOVE_DENOMINATOR, e.comparedDenominator())
        .with(EXPECT_DENOMINATOR_CHANGE_ACTION, e.denominatorChange().action())
        .with(EXPECT_DENOMINATOR_CHANGE_MAX_CHANGE, e.denominatorChange().limit());
  }

  /** Where the configuration came from (a file, or "(defaults)"), for messages. */
  public String source() {
    return source;
  }

  /** A day's cut-off: the reporting time of that date in the configured zone. */
  public Instant cutoffOf(LocalDate day) {
    return day.atTime(reportingTime()).atZone(timeZone()).toInstant();
  }

  public ExpectationSettings expectations() {
    return new ExpectationSettings(
        new ExpectationSettings.Rule(get(EXPECT_UNRESOLVED_DISTRICT_ACTION), get(EXPECT_UNRESOLVED_DISTRICT_MAX_SHARE)),
        new ExpectationSettings.Rule(get(EXPECT_NIGHT_VOLUME_ACTION), get(EXPECT_NIGHT_VOLUME_MIN_FRACTION)),
        get(EXPECT_NIGHT_VOLUME_NIGHTS),
        new ExpectationSettings.Rule(get(EXPECT_PHONES_ABOVE_ACTION), 0),
        get(EXPECT_PHONES_ABOVE_DENOMINATOR),
        new ExpectationSettings.Rule(get(EXPECT_DENOMINATOR_CHANGE_ACTION), get(EXPECT_DENOMINATOR_CHANGE_MAX_CHANGE)));
  }

  // Named reads of the keys the code uses most.

  public String warehouse() {
    return get(WAREHOUSE);
  }

  public ZoneId timeZone() {
    return get(TIME_ZONE);
  }

  public String installs() {
    return get(INPUTS_INSTALLS);
  }

  public String census() {
    return get(INPUTS_CENSUS);
  }

  public String adminUnits() {
    return get(REFERENCE_ADMIN_UNITS);
  }

  public String mobilePrefixes() {
    return get(REFERENCE_MOBILE_PREFIXES);
  }

  public String aliases() {
    return get(REFERENCE_ALIASES);
  }

  public OnChangedFile onChangedFile() {
    return get(INGEST_ON_CHANGED_FILE);
  }

  public OnBadFile onBadFile() {
    return get(INGEST_ON_BAD_FILE);
  }

  public List<String> requiredDenominators() {
    return get(CENSUS_REQUIRED_DENOMINATORS);
  }

  public LocalTime reportingTime() {
    return get(SCHEDULE_REPORTING_TIME);
  }

  public double targetShare() {
    return get(TREND_TARGET_SHARE);
  }

  public String targetDenominator() {
    return get(TREND_TARGET_DENOMINATOR);
  }

  public String phoneKeyFile() {
    return get(PRIVACY_PHONE_KEY_FILE);
  }

  public Integer retentionDays() {
    return get(RETENTION_DAYS);
  }

  public int retentionVacuumHours() {
    return get(RETENTION_VACUUM_HOURS);
  }

  /** Smallest published count (small-cell suppression); null: off. */
  public Integer publishMinCount() {
    return get(PUBLISH_MIN_COUNT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UptakeConfig c && values.equals(c.values) && Objects.equals(source, c.source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values, source);
  }

  @Override
  public String toString() {
    return "UptakeConfig" + new java.util.TreeMap<>(values.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(e -> e.getKey().key(), e -> String.valueOf(e.getValue())))) + " from " + source;
  }
}
