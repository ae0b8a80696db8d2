package io.uptake.testing;

import io.uptake.config.ConfigKey;
import io.uptake.config.ConfigLoader;
import io.uptake.config.UptakeConfig;
import io.uptake.generate.LandingSetGenerator;
import io.uptake.pipeline.NightlyRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One warehouse with gold tables, built once per test JVM for the tests that only read it (the
 * JDBC server, the Delta Kernel reader): 1,000 generated phones, snapshots at 17:00 of 2021-05-05
 * and 2021-05-06. Deleted when the JVM exits.
 */
public final class SharedGold {
  private SharedGold() {}

  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static UptakeConfig config;

  public static synchronized UptakeConfig config() {
    if (config == null) {
      try {
        Path dir = Files.createTempDirectory("uptake-shared-gold");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        LandingSetGenerator.Summary landing = LandingSetGenerator.generate(dir.resolve("landing"),
            new LandingSetGenerator.Options(1000, 2, 5L, LocalDate.of(2021, 5, 6), ZONE));
        UptakeConfig c = ConfigLoader.defaults()
            .with(ConfigKey.WAREHOUSE, dir.resolve("warehouse").toString())
            .with(ConfigKey.INPUTS_INSTALLS, landing.installsDir().toString())
            .with(ConfigKey.INPUTS_CENSUS, landing.censusDir().toString());
        NightlyRun.of(TestSpark.session(), c).cutoffs(List.of(c.cutoffOf(LocalDate.of(2021, 5, 5)), c.cutoffOf(LocalDate.of(2021, 5, 6)))).progressTo(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).execute();
        config = c;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return config;
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory: the system cleans it eventually
    }
  }
}
