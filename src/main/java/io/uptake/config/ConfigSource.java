package io.uptake.config;

import io.uptake.error.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Where {@code --config} points, found in this order (docs/configuration.md and {@code --help} say the same):
 * a Hadoop URI ({@code hdfs:}, {@code s3a:}, {@code abfss:}, {@code file:} ...) read through Hadoop's
 * file systems; a local path, relative to the driver's working directory; a bare file name shipped
 * with spark-submit {@code --files} (an entry of {@code spark.files} with that name).
 */
public final class ConfigSource {
  /** The YAML text and the place it was read from, for the log. */
  public record Found(String text, String location) {}

  private ConfigSource() {}

  /**
   * @param sparkFiles the {@code spark.files} setting (comma-separated), or null
   * @param hadoop Hadoop configuration for URIs (built only when needed)
   */
  public static Found read(String location, String sparkFiles, java.util.function.Supplier<Configuration> hadoop) {
    List<String> tried = new ArrayList<>();
    if (hasScheme(location)) {
      return new Found(readHadoop(location, hadoop), location);
    }
    Path local = Path.of(location).toAbsolutePath().normalize();
    tried.add(local.toString());
    if (Files.isRegularFile(local)) {
      try {
        return new Found(Files.readString(local, StandardCharsets.UTF_8), local.toString());
      } catch (IOException e) {
        throw Errors.config(local.toString(), "the file cannot be read (" + e.getMessage() + ")");
      }
    }
    if (!location.contains("/")) {
      Optional<String> shipped = shipped(location, sparkFiles);
      if (shipped.isPresent()) {
        String entry = shipped.get();
        return hasScheme(entry)
            ? new Found(readHadoop(entry, hadoop), entry)
            : read(entry, null, hadoop);
      }
      tried.add("spark.files entries named " + location + (sparkFiles == null ? " (spark.files is not set)" : ""));
    }
    throw Errors.usage("load configuration", "no file " + location + "; looked at " + String.join(", then ", tried));
  }

  static boolean hasScheme(String location) {
    // Two letters at least: "C:" is a Windows drive, not a scheme.
    return location.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");
  }

  private static Optional<String> shipped(String name, String sparkFiles) {
    if (sparkFiles == null || sparkFiles.isBlank()) {
      return Optional.empty();
    }
    Function<String, String> baseName = e -> e.substring(e.lastIndexOf('/') + 1);
    for (String entry : sparkFiles.split(",")) {
      String e = entry.trim();
      if (!e.isEmpty() && baseName.apply(e).equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static String readHadoop(String uri, java.util.function.Supplier<Configuration> hadoop) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
    try {
      FileSystem fs = path.getFileSystem(hadoop.get());
      try (InputStream in = fs.open(path)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (java.io.FileNotFoundException e) {
      throw Errors.config(forLog(uri), "no such file");
    } catch (IOException e) {
      // Storage that does not answer is the environment, not the configuration: worth a retry.
      throw new java.io.UncheckedIOException("Cannot read configuration " + forLog(uri), e);
    }
  }

  /**
   * A location fit for a log line: a URI without a {@code user:secret@} part or a query (where
   * credentials hide); a user part without a colon is kept (abfss: names its container there).
   */
  public static String forLog(String location) {
    if (!hasScheme(location)) {
      return location;
    }
    try {
      java.net.URI u = new java.net.URI(location);
      String user = u.getUserInfo() == null || u.getUserInfo().contains(":") ? null : u.getUserInfo();
      return new java.net.URI(u.getScheme(), user, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      return location.replaceAll("//[^/@]*:[^/@]*@", "//").replaceAll("\\?.*$", "");
    }
  }
}
