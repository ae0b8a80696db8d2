package io.uptake.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.uptake.error.Errors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/** Reads {@code uptake.yaml} into an {@link UptakeConfig}, rejecting unknown keys and bad values. */
public final class ConfigLoader {
  private static final Pattern COLUMN_NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private ConfigLoader() {}

  // The YAML's shape; nulls mean "not set" and take the default.
  record File(
      String warehouse,
      @JsonProperty("time_zone") String timeZone,
      Inputs inputs,
      Reference reference,
      Census census) {}

  record Inputs(String installs, String census) {}

  record Reference(
      @JsonProperty("admin_units") String adminUnits,
      @JsonProperty("mobile_prefixes") String mobilePrefixes,
      String aliases) {}

  record Census(@JsonProperty("required_denominators") List<String> requiredDenominators) {}

  /** Defaults only: what a run gets with no YAML file. */
  public static UptakeConfig defaults() {
    return validate(new File(null, null, null, null, null), "(defaults)");
  }

  public static UptakeConfig load(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.config(path.toString(), "the file cannot be read (" + e.getMessage() + ")");
    }
    return parse(text, path.toString());
  }

  public static UptakeConfig parse(String yaml, String source) {
    File file;
    try {
      file = yaml.isBlank() ? null : YAML.readValue(yaml, File.class);
    } catch (UnrecognizedPropertyException e) {
      throw Errors.config(source, "unknown key '" + e.getPropertyName() + "' at line "
          + e.getLocation().getLineNr() + "; known keys: " + String.join(", ", ConfigKey.names()));
    } catch (JsonProcessingException e) {
      throw Errors.config(source, "not valid YAML for Uptake at line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + " (" + e.getOriginalMessage() + ")");
    }
    return validate(file == null ? new File(null, null, null, null, null) : file, source);
  }

  private static UptakeConfig validate(File f, String source) {
    Inputs inputs = f.inputs() == null ? new Inputs(null, null) : f.inputs();
    Reference ref = f.reference() == null ? new Reference(null, null, null) : f.reference();
    List<String> required = f.census() == null || f.census().requiredDenominators() == null
        ? List.of("population", "smartphones") : f.census().requiredDenominators();
    for (String d : required) {
      if (d == null || !COLUMN_NAME.matcher(d).matches()) {
        throw Errors.config(source, ConfigKey.CENSUS_REQUIRED_DENOMINATORS.key() + " has '" + d
            + "'; a denominator is a lower-case column name like population");
      }
    }
    String zoneName = f.timeZone() == null ? ConfigKey.TIME_ZONE.defaultValue() : f.timeZone();
    ZoneId zone;
    try {
      zone = ZoneId.of(zoneName);
    } catch (DateTimeException e) {
      throw Errors.config(source, ConfigKey.TIME_ZONE.key() + " '" + zoneName + "' is not a time zone (use a region like Asia/Ho_Chi_Minh)");
    }
    String warehouse = f.warehouse() == null ? ConfigKey.WAREHOUSE.defaultValue() : f.warehouse();
    if (warehouse.isBlank()) {
      throw Errors.config(source, ConfigKey.WAREHOUSE.key() + " is blank");
    }
    return new UptakeConfig(warehouse, zone, inputs.installs(), inputs.census(), ref.adminUnits(),
        ref.mobilePrefixes(), ref.aliases(), required, source);
  }
}
