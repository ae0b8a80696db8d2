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
      Ingest ingest,
      Census census,
      Schedule schedule,
      Trend trend,
      Privacy privacy,
      Retention retention,
      Expectations expectations,
      Publish publish) {}

  record Publish(@JsonProperty("min_count") Integer minCount) {}

  record Expectations(
      @JsonProperty("unresolved_district") Check unresolvedDistrict,
      @JsonProperty("night_volume") Check nightVolume,
      @JsonProperty("phones_above_smartphones") Check phonesAboveSmartphones,
      @JsonProperty("denominator_change") Check denominatorChange) {}

  // The union of the checks' settings; checkKeys allows each check only its own.
  record Check(String action, @JsonProperty("max_share") Double maxShare, @JsonProperty("min_fraction") Double minFraction,
      Integer nights, String denominator, @JsonProperty("max_change") Double maxChange) {}

  record Retention(Integer days, @JsonProperty("vacuum_hours") Integer vacuumHours) {}

  record Privacy(@JsonProperty("phone_key_file") String phoneKeyFile) {}

  record Schedule(@JsonProperty("reporting_time") String reportingTime) {}

  record Trend(@JsonProperty("target_share") Double targetShare, @JsonProperty("target_denominator") String targetDenominator) {}

  record Ingest(@JsonProperty("on_changed_file") String onChangedFile, @JsonProperty("on_bad_file") String onBadFile) {}

  record Inputs(String installs, String census) {}

  record Reference(
      @JsonProperty("admin_units") String adminUnits,
      @JsonProperty("mobile_prefixes") String mobilePrefixes,
      String aliases) {}

  record Census(@JsonProperty("required_denominators") List<String> requiredDenominators) {}

  /** Defaults only: what a run gets with no YAML file. */
  public static UptakeConfig defaults() {
    return validate(new File(null, null, null, null, null, null, null, null, null, null, null, null), "(defaults)");
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
      checkKeys(yaml, source);
      file = yaml.isBlank() ? null : YAML.readValue(yaml, File.class);
    } catch (UnrecognizedPropertyException e) {
      // checkKeys reports unknown keys with their line first; this is a backstop.
      throw Errors.config(source, "unknown key '" + e.getPropertyName() + "'; known keys: " + String.join(", ", ConfigKey.names()));
    } catch (JsonProcessingException e) {
      throw Errors.config(source, "not valid YAML for Uptake at line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + " (" + e.getOriginalMessage() + ")");
    } catch (java.io.IOException e) {
      throw Errors.config(source, "the YAML cannot be read (" + e.getMessage() + ")");
    }
    return validate(file == null ? new File(null, null, null, null, null, null, null, null, null, null, null, null) : file, source);
  }

  /** Walks the YAML's keys so an unknown one is reported with its own line. */
  private static void checkKeys(String yaml, String source) throws java.io.IOException {
    java.util.Set<String> known = new java.util.HashSet<>(ConfigKey.names());
    ConfigKey.names().forEach(k -> {
      for (int dot = k.indexOf('.'); dot > 0; dot = k.indexOf('.', dot + 1)) {
        known.add(k.substring(0, dot));
      }
    });
    java.util.Deque<String> path = new java.util.ArrayDeque<>();
    String lastKey = null;
    try (com.fasterxml.jackson.core.JsonParser p = YAML.getFactory().createParser(yaml)) {
      for (com.fasterxml.jackson.core.JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case FIELD_NAME -> {
            String key = path.isEmpty() ? p.currentName() : path.peek() + "." + p.currentName();
            if (!known.contains(key) && key.startsWith("privacy.")) {
              throw Errors.config(source, "'" + key + "' at line " + p.currentTokenLocation().getLineNr()
                  + " is not a setting: the phone key itself never goes in the YAML; put it in a file named by "
                  + ConfigKey.PRIVACY_PHONE_KEY_FILE.key() + ", or in the environment variable UPTAKE_PHONE_KEY");
            }
            if (!known.contains(key)) {
              throw Errors.config(source, "unknown key '" + key + "' at line " + p.currentTokenLocation().getLineNr()
                  + "; known keys: " + String.join(", ", ConfigKey.names()));
            }
            lastKey = key;
          }
          case START_OBJECT -> {
            if (lastKey != null) {
              path.push(lastKey);
            }
          }
          case END_OBJECT -> {
            if (!path.isEmpty()) {
              path.pop();
            }
          }
          case START_ARRAY -> p.skipChildren();
          default -> { }
        }
      }
    }
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
    OnChangedFile policy = choice(OnChangedFile.class, ConfigKey.INGEST_ON_CHANGED_FILE,
        f.ingest() == null ? null : f.ingest().onChangedFile(), source);
    OnBadFile badFiles = choice(OnBadFile.class, ConfigKey.INGEST_ON_BAD_FILE,
        f.ingest() == null ? null : f.ingest().onBadFile(), source);
    String time = f.schedule() == null || f.schedule().reportingTime() == null
        ? ConfigKey.SCHEDULE_REPORTING_TIME.defaultValue() : f.schedule().reportingTime();
    java.time.LocalTime reportingTime;
    try {
      reportingTime = java.time.LocalTime.parse(time);
    } catch (java.time.format.DateTimeParseException e) {
      throw Errors.config(source, ConfigKey.SCHEDULE_REPORTING_TIME.key() + " is '" + time + "'; use HH:mm, e.g. 17:00");
    }
    double share = f.trend() == null || f.trend().targetShare() == null
        ? Double.parseDouble(ConfigKey.TREND_TARGET_SHARE.defaultValue()) : f.trend().targetShare();
    if (!(share > 0 && share <= 1)) {
      throw Errors.config(source, ConfigKey.TREND_TARGET_SHARE.key() + " is " + share + "; use a fraction in (0, 1], e.g. 0.4");
    }
    String targetDenominator = f.trend() == null || f.trend().targetDenominator() == null
        ? ConfigKey.TREND_TARGET_DENOMINATOR.defaultValue() : f.trend().targetDenominator();
    if (!COLUMN_NAME.matcher(targetDenominator).matches()) {
      throw Errors.config(source, ConfigKey.TREND_TARGET_DENOMINATOR.key() + " is '" + targetDenominator + "'; use a census column name");
    }
    Integer retentionDays = f.retention() == null ? null : f.retention().days();
    if (retentionDays != null && retentionDays < 1) {
      throw Errors.config(source, ConfigKey.RETENTION_DAYS.key() + " is " + retentionDays + "; keep at least 1 day");
    }
    int vacuumHours = f.retention() == null || f.retention().vacuumHours() == null
        ? Integer.parseInt(ConfigKey.RETENTION_VACUUM_HOURS.defaultValue()) : f.retention().vacuumHours();
    if (vacuumHours < 0) {
      throw Errors.config(source, ConfigKey.RETENTION_VACUUM_HOURS.key() + " is " + vacuumHours + "; use 0 or more hours");
    }
    Integer minCount = f.publish() == null ? null : f.publish().minCount();
    if (minCount != null && minCount < 2) {
      throw Errors.config(source, ConfigKey.PUBLISH_MIN_COUNT.key() + " is " + minCount
          + "; use 2 or more (e.g. 10), or leave it unset to publish every count");
    }
    return new UptakeConfig(warehouse, zone, inputs.installs(), inputs.census(), ref.adminUnits(),
        ref.mobilePrefixes(), ref.aliases(), policy, badFiles, required, reportingTime, share, targetDenominator,
        f.privacy() == null ? null : f.privacy().phoneKeyFile(), retentionDays, vacuumHours,
        expectations(f.expectations(), source), minCount, source);
  }

  private static ExpectationSettings expectations(Expectations e, String source) {
    Check none = new Check(null, null, null, null, null, null);
    Check unresolved = e == null || e.unresolvedDistrict() == null ? none : e.unresolvedDistrict();
    Check volume = e == null || e.nightVolume() == null ? none : e.nightVolume();
    Check above = e == null || e.phonesAboveSmartphones() == null ? none : e.phonesAboveSmartphones();
    Check census = e == null || e.denominatorChange() == null ? none : e.denominatorChange();
    int nights = volume.nights() == null ? Integer.parseInt(ConfigKey.EXPECT_NIGHT_VOLUME_NIGHTS.defaultValue()) : volume.nights();
    if (nights < 1) {
      throw Errors.config(source, ConfigKey.EXPECT_NIGHT_VOLUME_NIGHTS.key() + " is " + nights + "; use 1 or more");
    }
    String denominator = above.denominator() == null ? ConfigKey.EXPECT_PHONES_ABOVE_DENOMINATOR.defaultValue() : above.denominator();
    if (!COLUMN_NAME.matcher(denominator).matches()) {
      throw Errors.config(source, ConfigKey.EXPECT_PHONES_ABOVE_DENOMINATOR.key() + " is '" + denominator + "'; use a census column name");
    }
    return new ExpectationSettings(
        rule(ConfigKey.EXPECT_UNRESOLVED_DISTRICT_ACTION, unresolved.action(), ConfigKey.EXPECT_UNRESOLVED_DISTRICT_MAX_SHARE,
            unresolved.maxShare(), true, 1.0, source),
        rule(ConfigKey.EXPECT_NIGHT_VOLUME_ACTION, volume.action(), ConfigKey.EXPECT_NIGHT_VOLUME_MIN_FRACTION,
            volume.minFraction(), false, 1.0, source),
        nights,
        rule(ConfigKey.EXPECT_PHONES_ABOVE_ACTION, above.action(), null, null, false, 0, source),
        denominator,
        rule(ConfigKey.EXPECT_DENOMINATOR_CHANGE_ACTION, census.action(), ConfigKey.EXPECT_DENOMINATOR_CHANGE_MAX_CHANGE,
            census.maxChange(), false, Double.MAX_VALUE, source));
  }

  /** An action (quarantine only where rows can be quarantined) and its limit, in [0, max]. */
  private static ExpectationSettings.Rule rule(ConfigKey actionKey, String action, ConfigKey limitKey, Double limit,
      boolean rowLevel, double max, String source) {
    ExpectationSettings.Action a = choice(ExpectationSettings.Action.class, actionKey, action, source);
    if (a == ExpectationSettings.Action.QUARANTINE && !rowLevel) {
      throw Errors.config(source, actionKey.key() + " is quarantine, but this expectation judges a whole night or table, "
          + "not rows; use off, warn or fail");
    }
    if (limitKey == null) {
      return new ExpectationSettings.Rule(a, 0);
    }
    double v = limit == null ? Double.parseDouble(limitKey.defaultValue()) : limit;
    if (!(v >= 0 && v <= max)) {
      throw Errors.config(source, limitKey.key() + " is " + v + "; use a number from 0 to " + (max == Double.MAX_VALUE ? "any" : max));
    }
    return new ExpectationSettings.Rule(a, v);
  }

  /** One of an enum's constants, named in lower case in the YAML (null: the key's default). */
  private static <E extends Enum<E>> E choice(Class<E> type, ConfigKey key, String value, String source) {
    String v = value == null ? key.defaultValue() : value;
    try {
      return Enum.valueOf(type, v.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String choices = java.util.Arrays.stream(type.getEnumConstants())
          .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.joining(" or "));
      throw Errors.config(source, key.key() + " is '" + v + "'; use " + choices);
    }
  }
}
