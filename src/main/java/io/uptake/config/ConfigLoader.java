package io.uptake.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.uptake.error.Errors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code uptake.yaml} by the declarations of {@link ConfigKey}: each key's value is read as
 * its type and checked; an unknown key, or a value of the wrong shape, is reported with its line.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> SECTIONS = ConfigKey.sections();

  private ConfigLoader() {}

  /** Defaults only: what a run gets with no YAML file. */
  public static UptakeConfig defaults() {
    return new UptakeConfig(Map.of(), "(defaults)");
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
    Map<ConfigKey<?>, Object> values = new HashMap<>();
    try (JsonParser p = YAML.createParser(yaml)) {
      JsonToken first = p.nextToken();
      if (first != null && first != JsonToken.VALUE_NULL) {
        if (first != JsonToken.START_OBJECT) {
          throw Errors.config(source, "not valid YAML for Uptake at line " + p.currentTokenLocation().getLineNr()
              + " (the top level is a map of keys)");
        }
        readSection(p, "", values, source);
      }
    } catch (JsonProcessingException e) {
      throw Errors.config(source, "not valid YAML for Uptake at line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + " (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw Errors.config(source, "the YAML cannot be read (" + e.getMessage() + ")");
    }
    return new UptakeConfig(values, source);
  }

  /** The keys of one section (the top level: {@code prefix} empty), up to its end. */
  private static void readSection(JsonParser p, String prefix, Map<ConfigKey<?>, Object> values, String source)
      throws IOException {
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String name = prefix.isEmpty() ? p.currentName() : prefix + "." + p.currentName();
      int line = p.currentTokenLocation().getLineNr();
      Optional<ConfigKey<?>> key = ConfigKey.named(name);
      JsonToken value = p.nextToken();
      if (key.isPresent()) {
        // YAML 1.1 reads off/on/yes/no as booleans: a setting takes the word as written.
        JsonNode node = value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE
            ? TextNode.valueOf(p.getText()) : p.readValueAsTree();
        if (node != null && !node.isNull()) {
          values.put(key.get(), key.get().fromYaml(node, line, source));
        }
      } else if (SECTIONS.contains(name)) {
        if (value == JsonToken.START_OBJECT) {
          readSection(p, name, values, source);
        } else if (value != JsonToken.VALUE_NULL) {
          throw Errors.config(source, "not valid YAML for Uptake at line " + line + " (" + name + " is a section of keys)");
        }
      } else if (name.startsWith("privacy.")) {
        throw Errors.config(source, "'" + name + "' at line " + line
            + " is not a setting: the phone key itself never goes in the YAML; put it in a file named by "
            + ConfigKey.PRIVACY_PHONE_KEY_FILE.key() + ", or in the environment variable UPTAKE_PHONE_KEY");
      } else {
        throw Errors.config(source, "unknown key '" + name + "' at line " + line
            + "; known keys: " + String.join(", ", ConfigKey.names()));
      }
    }
  }
}
