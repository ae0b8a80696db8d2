package io.uptake.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.uptake.error.Errors;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every configuration key, declared once: its name in the YAML, its type (how a YAML value becomes
 * a Java value, and what values it accepts), its default and a one-line description.
 * {@link ConfigLoader} reads the YAML by these declarations, {@link UptakeConfig} holds the values by
 * them, and the table in docs/configuration.md and the comments of {@code conf/uptake.yaml} are
 * these lines (a test keeps them in step).
 *
 * @param <T> the Java type of the key's value
 */
public final class ConfigKey<T> {
  private static final Pattern COLUMN_NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final List<ConfigKey<?>> ALL = new ArrayList<>();

  public static final ConfigKey<String> WAREHOUSE = declare("warehouse", text().check(v -> !v.isBlank(), v -> "is blank"),
      "./warehouse", "Root of the Delta tables (local path or any Hadoop URI); flag --warehouse.");
  public static final ConfigKey<ZoneId> TIME_ZONE = declare("time_zone", zone(), ZoneId.of("Asia/Ho_Chi_Minh"),
      "Zone of event times written without an offset, and of dates shown in reports.");
  public static final ConfigKey<String> INPUTS_INSTALLS = optional("inputs.installs", text(), "(none)",
      "Directory tree of install logs (*.jsonl, *.csv, optionally .gz); flag --installs.");
  public static final ConfigKey<String> INPUTS_CENSUS = optional("inputs.census", text(), "(none)",
      "Directory of census CSV files (denominators); flag --census.");
  public static final ConfigKey<String> REFERENCE_ADMIN_UNITS = optional("reference.admin_units", text(),
      "(bundled 2021-02-01 GSO list)", "CSV of administrative units (level,code,name,type,parent_code).");
  public static final ConfigKey<String> REFERENCE_MOBILE_PREFIXES = optional("reference.mobile_prefixes", text(),
      "(bundled 2018 table)", "CSV of legacy 11-digit mobile prefixes and their 10-digit successors.");
  public static final ConfigKey<String> REFERENCE_ALIASES = optional("reference.aliases", text(),
      "(bundled conf/aliases.yaml)", "YAML of spelling variants of provinces and districts the name rules cannot derive.");
  public static final ConfigKey<LocalTime> SCHEDULE_REPORTING_TIME = declare("schedule.reporting_time", timeOfDay(),
      LocalTime.of(17, 0), "Local time of day (in time_zone) of a day's cut-off, for run --date and --from/--to.");
  public static final ConfigKey<Double> TREND_TARGET_SHARE = declare("trend.target_share",
      number().check(v -> v > 0 && v <= 1, v -> "is " + v + "; use a fraction in (0, 1], e.g. 0.4"), 0.4,
      "Adoption target as a share of trend.target_denominator, for the trend table.");
  public static final ConfigKey<String> TREND_TARGET_DENOMINATOR = declare("trend.target_denominator", columnName(),
      "population", "The census column the adoption target is measured against.");
  public static final ConfigKey<OnChangedFile> INGEST_ON_CHANGED_FILE = declare("ingest.on_changed_file",
      choice(OnChangedFile.class), OnChangedFile.ERROR,
      "A file ingested before whose bytes changed: error (stop the run) or replace (take the new version).");
  public static final ConfigKey<OnBadFile> INGEST_ON_BAD_FILE = declare("ingest.on_bad_file", choice(OnBadFile.class),
      OnBadFile.REJECT, "A file that cannot be read as its name says (gzip, UTF-8, JSON Lines or CSV, a CSV header with "
      + "the required columns): reject (record it, go on, exit 4) or stop (exit 3, nothing written); flag --fail-fast.");
  public static final ConfigKey<String> PRIVACY_PHONE_KEY_FILE = optional("privacy.phone_key_file", text(), "(none)",
      "File (local path or Hadoop URI) holding the secret key of the phone pseudonyms, 64 hex digits; the environment "
      + "variable UPTAKE_PHONE_KEY wins over it. Never the key itself.");
  public static final ConfigKey<Integer> RETENTION_DAYS = optional("retention.days",
      whole().check(v -> v >= 1, v -> "is " + v + "; keep at least 1 day"), "(none)",
      "Days of raw rows (bronze, quarantine) that uptake retain keeps; older ones are deleted and vacuumed; flag --days.");
  public static final ConfigKey<Integer> RETENTION_VACUUM_HOURS = declare("retention.vacuum_hours",
      whole().check(v -> v >= 0, v -> "is " + v + "; use 0 or more hours"), 168,
      "History uptake retain's VACUUM keeps, in hours; below Delta's 168 it breaks time travel to older versions.");
  public static final ConfigKey<ExpectationSettings.Action> EXPECT_UNRESOLVED_DISTRICT_ACTION = declare(
      "expectations.unresolved_district.action", action(true), ExpectationSettings.Action.WARN,
      "When more than max_share of a night's accepted rows have no resolvable district: off, warn, quarantine (those "
      + "rows, reason unresolved_district) or fail (exit 6, before quarantine and silver are written).");
  public static final ConfigKey<Double> EXPECT_UNRESOLVED_DISTRICT_MAX_SHARE = declare(
      "expectations.unresolved_district.max_share", limit(1.0), 0.05,
      "Largest share (0 to 1) of a night's accepted rows allowed without a resolvable district.");
  public static final ConfigKey<ExpectationSettings.Action> EXPECT_NIGHT_VOLUME_ACTION = declare(
      "expectations.night_volume.action", action(false), ExpectationSettings.Action.WARN,
      "When a night's rows read fall below min_fraction of the median of the earlier nights: off, warn or fail "
      + "(exit 6, before any write).");
  public static final ConfigKey<Double> EXPECT_NIGHT_VOLUME_MIN_FRACTION = declare(
      "expectations.night_volume.min_fraction", limit(1.0), 0.5, "Smallest night volume allowed, as a fraction of that median.");
  public static final ConfigKey<Integer> EXPECT_NIGHT_VOLUME_NIGHTS = declare("expectations.night_volume.nights",
      whole().check(v -> v >= 1, v -> "is " + v + "; use 1 or more"), 7,
      "Earlier nights (cut-off dates with rows) the median is taken over; judged once 3 are on record.");
  public static final ConfigKey<ExpectationSettings.Action> EXPECT_PHONES_ABOVE_ACTION = declare(
      "expectations.phones_above_smartphones.action", action(false), ExpectationSettings.Action.WARN,
      "When an area counts more phones than its census denominator: off, warn or fail (exit 6, before the gold "
      + "snapshot is written).");
  public static final ConfigKey<String> EXPECT_PHONES_ABOVE_DENOMINATOR = declare(
      "expectations.phones_above_smartphones.denominator", columnName(), "smartphones",
      "The census column an area's phones must not exceed.");
  public static final ConfigKey<ExpectationSettings.Action> EXPECT_DENOMINATOR_CHANGE_ACTION = declare(
      "expectations.denominator_change.action", action(false), ExpectationSettings.Action.WARN,
      "When a census figure moved more than max_change from the previous census: off, warn or fail (exit 6, before "
      + "any write).");
  public static final ConfigKey<Double> EXPECT_DENOMINATOR_CHANGE_MAX_CHANGE = declare(
      "expectations.denominator_change.max_change", limit(Double.MAX_VALUE), 0.25,
      "Largest relative change (a fraction) of a census figure from the census of the previous run.");
  public static final ConfigKey<Integer> PUBLISH_MIN_COUNT = optional("publish.min_count",
      whole().check(v -> v >= 2, v -> "is " + v + "; use 2 or more (e.g. 10), or leave it unset to publish every count"),
      "(none: off)", "Smallest count that reports and the published views show; smaller counts, and the cells that "
      + "would reveal them from a total, show as suppressed. Gold keeps the true counts.");
  public static final ConfigKey<List<String>> CENSUS_REQUIRED_DENOMINATORS = declare("census.required_denominators",
      columnNames(), List.of("population", "smartphones"), "Count columns the census must provide; others flow through too.");

  private final String key;
  private final Type<T> type;
  private final T defaultValue;
  private final String defaultText;
  private final String description;

  private ConfigKey(String key, Type<T> type, T defaultValue, String defaultText, String description) {
    this.key = key;
    this.type = type;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.description = description;
  }

  private static <T> ConfigKey<T> declare(String key, Type<T> type, T defaultValue, String description) {
    return add(new ConfigKey<>(key, type, defaultValue, "`" + type.show(defaultValue) + "`", description));
  }

  /** A key with no default: unset unless configured. */
  private static <T> ConfigKey<T> optional(String key, Type<T> type, String meaning, String description) {
    return add(new ConfigKey<>(key, type, null, meaning, description));
  }

  private static <T> ConfigKey<T> add(ConfigKey<T> key) {
    ALL.add(key);
    return key;
  }

  /** Every key, in the order of the documentation. */
  public static List<ConfigKey<?>> all() {
    return Collections.unmodifiableList(ALL);
  }

  public static List<String> names() {
    return ALL.stream().map(ConfigKey::key).toList();
  }

  static Optional<ConfigKey<?>> named(String key) {
    return ALL.stream().filter(k -> k.key.equals(key)).findFirst();
  }

  /** The dotted name in the YAML, e.g. {@code ingest.on_bad_file}. */
  public String key() {
    return key;
  }

  /** The value when the key is not configured; null for a key with none. */
  public T defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The key's row of the table in docs/configuration.md. */
  public String tableRow() {
    return "| `" + key + "` | " + defaultText + " | " + description + " |";
  }

  /** A YAML value as this key's type, checked; a value outside its range names the key and the value. */
  T fromYaml(JsonNode node, int line, String source) {
    return check(type.fromYaml(this, node, line, source), source);
  }

  /** {@code value} if this key accepts it; an error naming the key otherwise. */
  T check(T value, String source) {
    Optional<String> problem = type.problem(value);
    if (problem.isPresent()) {
      throw Errors.config(source, key + " " + problem.get());
    }
    return value;
  }

  @Override
  public String toString() {
    return key;
  }

  /**
   * How a YAML value becomes a Java value and what values are accepted.
   *
   * @param <T> the Java type
   */
  interface Type<T> {
    /** The value of a YAML node; a node of the wrong shape is an error at its line. */
    T fromYaml(ConfigKey<T> key, JsonNode node, int line, String source);

    /** What is wrong with a value ("is 5; use ..."), if anything. */
    default Optional<String> problem(T value) {
      return Optional.empty();
    }

    /** The value as the docs show it. */
    default String show(T value) {
      return String.valueOf(value);
    }

    /** This type, accepting only values {@code ok} holds for; {@code why} says what is wrong with the others. */
    default Type<T> check(Predicate<T> ok, Function<T, String> why) {
      Type<T> base = this;
      return new Type<>() {
        @Override
        public T fromYaml(ConfigKey<T> key, JsonNode node, int line, String source) {
          return base.fromYaml(key, node, line, source);
        }

        @Override
        public Optional<String> problem(T value) {
          return base.problem(value).or(() -> ok.test(value) ? Optional.empty() : Optional.of(why.apply(value)));
        }

        @Override
        public String show(T value) {
          return base.show(value);
        }
      };
    }
  }

  private static RuntimeException shape(ConfigKey<?> key, int line, String source, String expected) {
    return Errors.config(source, "not valid YAML for Uptake at line " + line + " (" + key.key() + " takes " + expected + ")");
  }

  private static String scalar(ConfigKey<?> key, JsonNode node, int line, String source) {
    if (!node.isValueNode()) {
      throw shape(key, line, source, "one value");
    }
    return node.asText();
  }

  private static Type<String> text() {
    return ConfigKey::scalar;
  }

  /** A text value turned into another by {@code parse}, which throws {@code failure} on a bad one. */
  private static <T> Type<T> parsed(Function<String, T> parse, Class<? extends RuntimeException> failure,
      Function<String, String> why) {
    return new Type<>() {
      @Override
      public T fromYaml(ConfigKey<T> key, JsonNode node, int line, String source) {
        String v = scalar(key, node, line, source);
        try {
          return parse.apply(v);
        } catch (RuntimeException e) {
          if (failure.isInstance(e)) {
            throw Errors.config(source, key.key() + " " + why.apply(v));
          }
          throw e;
        }
      }
    };
  }

  private static Type<ZoneId> zone() {
    return parsed(ZoneId::of, DateTimeException.class,
        v -> "'" + v + "' is not a time zone (use a region like Asia/Ho_Chi_Minh)");
  }

  private static Type<LocalTime> timeOfDay() {
    return parsed(LocalTime::parse, DateTimeParseException.class, v -> "is '" + v + "'; use HH:mm, e.g. 17:00");
  }

  private static Type<Double> number() {
    return (key, node, line, source) -> {
      if (!node.isNumber()) {
        throw shape(key, line, source, "a number");
      }
      return node.asDouble();
    };
  }

  private static Type<Integer> whole() {
    return (key, node, line, source) -> {
      if (!node.canConvertToInt() || !node.isIntegralNumber()) {
        throw shape(key, line, source, "a whole number");
      }
      return node.asInt();
    };
  }

  /** A limit of an expectation, from 0 to {@code max}. */
  private static Type<Double> limit(double max) {
    return number().check(v -> v >= 0 && v <= max,
        v -> "is " + v + "; use a number from 0 to " + (max == Double.MAX_VALUE ? "any" : max));
  }

  private static Type<String> columnName() {
    return text().check(v -> COLUMN_NAME.matcher(v).matches(), v -> "is '" + v + "'; use a census column name");
  }

  private static Type<List<String>> columnNames() {
    return new Type<>() {
      @Override
      public List<String> fromYaml(ConfigKey<List<String>> key, JsonNode node, int line, String source) {
        if (!node.isArray()) {
          throw shape(key, line, source, "a list, e.g. [population, smartphones]");
        }
        List<String> names = new ArrayList<>();
        node.forEach(n -> names.add(n.isNull() ? "" : scalar(key, n, line, source)));
        return List.copyOf(names);
      }

      @Override
      public Optional<String> problem(List<String> value) {
        return value.stream().filter(d -> !COLUMN_NAME.matcher(d).matches()).findFirst()
            .map(d -> "has '" + d + "'; a denominator is a lower-case column name like population");
      }

      @Override
      public String show(List<String> value) {
        return "[" + String.join(", ", value) + "]";
      }
    };
  }

  /** One of an enum's constants, named in lower case in the YAML (any case is read). */
  private static <E extends Enum<E>> Type<E> choice(Class<E> type) {
    String choices = Arrays.stream(type.getEnumConstants()).map(ConfigKey::lowerCase).collect(Collectors.joining(" or "));
    return new Type<>() {
      @Override
      public E fromYaml(ConfigKey<E> key, JsonNode node, int line, String source) {
        String v = scalar(key, node, line, source);
        try {
          return Enum.valueOf(type, v.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw Errors.config(source, key.key() + " is '" + v + "'; use " + choices);
        }
      }

      @Override
      public String show(E value) {
        return lowerCase(value);
      }
    };
  }

  /** An expectation's action; quarantine only where the expectation judges rows. */
  private static Type<ExpectationSettings.Action> action(boolean rowLevel) {
    return choice(ExpectationSettings.Action.class).check(a -> rowLevel || a != ExpectationSettings.Action.QUARANTINE,
        a -> "is quarantine, but this expectation judges a whole night or table, not rows; use off, warn or fail");
  }

  private static String lowerCase(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /** The sections of the YAML: every dotted prefix of a key. */
  static Set<String> sections() {
    Set<String> sections = new TreeSet<>();
    for (ConfigKey<?> k : ALL) {
      for (int dot = k.key.indexOf('.'); dot > 0; dot = k.key.indexOf('.', dot + 1)) {
        sections.add(k.key.substring(0, dot));
      }
    }
    return sections;
  }
}
