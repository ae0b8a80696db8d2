package io.uptake.config;

import io.uptake.ingest.IngestLedger;
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
    IngestLedger.OnChangedFile onChangedFile,
    List<String> requiredDenominators,
    String source) {

  public UptakeConfig {
    requiredDenominators = List.copyOf(requiredDenominators);
  }

  public UptakeConfig withWarehouse(String value) {
    return value == null ? this : new UptakeConfig(value, timeZone, installs, census, adminUnits, mobilePrefixes, aliases, onChangedFile, requiredDenominators, source);
  }

  public UptakeConfig withInstalls(String value) {
    return value == null ? this : new UptakeConfig(warehouse, timeZone, value, census, adminUnits, mobilePrefixes, aliases, onChangedFile, requiredDenominators, source);
  }

  public UptakeConfig withCensus(String value) {
    return value == null ? this : new UptakeConfig(warehouse, timeZone, installs, value, adminUnits, mobilePrefixes, aliases, onChangedFile, requiredDenominators, source);
  }
}
