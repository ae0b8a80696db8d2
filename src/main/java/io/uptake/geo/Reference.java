package io.uptake.geo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.uptake.error.Errors;
import io.uptake.phone.LegacyPrefixes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Loads the reference data a run needs, from the configured files or the copies bundled in the jar. */
public final class Reference {
  public static final String BUNDLED_ALIASES = "/reference/aliases.yaml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Reference() {}

  record AliasesFile(Map<String, List<String>> provinces, Map<String, Map<String, List<String>>> districts) {}

  /**
   * The resolver over the units in {@code adminUnits} and the aliases in {@code aliases} (each a local
   * path, or null for the bundled copy); {@code configSource} names the configuration in errors.
   */
  public static AreaResolver resolver(String adminUnits, String aliases, String configSource) {
    AdminUnits units;
    try {
      units = adminUnits == null ? AdminUnits.bundled() : AdminUnits.fromFile(Path.of(adminUnits));
    } catch (RuntimeException e) {
      throw Errors.config(configSource, "reference.admin_units " + adminUnits + " cannot be used ("
          + e.getMessage() + ")");
    }
    Aliases list = aliases(aliases);
    try {
      return AreaResolver.create(units, list);
    } catch (IllegalArgumentException e) {
      throw Errors.config(aliases == null ? BUNDLED_ALIASES : aliases, e.getMessage());
    }
  }

  /** The legacy prefix table in {@code mobilePrefixes} (a local path, or null for the bundled copy). */
  public static LegacyPrefixes legacyPrefixes(String mobilePrefixes, String configSource) {
    try {
      return mobilePrefixes == null ? LegacyPrefixes.bundled() : LegacyPrefixes.fromFile(Path.of(mobilePrefixes));
    } catch (RuntimeException e) {
      throw Errors.config(configSource, "reference.mobile_prefixes " + mobilePrefixes + " cannot be used ("
          + e.getMessage() + ")");
    }
  }

  /** Aliases from a YAML file, or the bundled list when {@code file} is null. */
  public static Aliases aliases(String file) {
    String source = file == null ? BUNDLED_ALIASES : file;
    try (InputStream in = file == null ? Reference.class.getResourceAsStream(BUNDLED_ALIASES) : Files.newInputStream(Path.of(file))) {
      if (in == null) {
        throw Errors.config(source, "the bundled alias list is missing from the jar");
      }
      AliasesFile f = YAML.readValue(in, AliasesFile.class);
      return f == null ? Aliases.none() : new Aliases(f.provinces(), f.districts());
    } catch (JsonProcessingException e) {
      throw Errors.config(source, "not a valid alias list at line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + " (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw Errors.config(source, "the file cannot be read (" + e.getMessage() + ")");
    }
  }
}
