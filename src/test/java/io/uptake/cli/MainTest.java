package io.uptake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's exit statuses and messages. */
class MainTest {
  @TempDir
  Path dir;

  @BeforeAll
  static void sharedSession() {
    TestSpark.session(); // commands then reuse it instead of building one without a master
  }

  @Test
  void missingInputsAreUsageErrorsNamingTheDirectory() {
    Result r = run("run", "--installs", dir.resolve("nope").toString(), "--census", dir.resolve("census").toString(),
        "--warehouse", dir.resolve("wh").toString(), "--cutoff", "2021-05-06T17:00:00+07:00");
    assertThat(r.status).isEqualTo(2);
    assertThat(r.err).contains("Cannot read census: directory " + dir.resolve("census") + " does not exist");
  }

  @Test
  void aContradictoryCensusIsBadInputWithStatus3() throws java.io.IOException {
    Path census = java.nio.file.Files.createDirectories(dir.resolve("census"));
    java.nio.file.Files.writeString(census.resolve("p.csv"), "province,district,population,smartphones\n08,,-1,5\n");
    Result r = run("run", "--installs", dir.resolve("installs").toString(), "--census", census.toString(),
        "--warehouse", dir.resolve("wh").toString(), "--cutoff", "2021-05-06T17:00:00+07:00");
    assertThat(r.status).isEqualTo(3);
    assertThat(r.err).contains("Cannot use census " + census.resolve("p.csv") + " line 2: population is '-1': a count cannot be negative");
  }

  @Test
  void aCutoffWithoutOffsetIsRefused() {
    Result r = run("run", "--installs", "a", "--census", "b", "--cutoff", "2021-05-06 17:00");
    assertThat(r.status).isEqualTo(2);
    assertThat(r.err).contains("Cannot parse --cutoff: '2021-05-06 17:00' is not ISO-8601 with an offset");
  }

  @Test
  void runWithoutInputsSaysWhichFlagIsMissing() {
    Result r = run("run", "--config", "conf/uptake.yaml");
    assertThat(r.status).isEqualTo(2);
    assertThat(r.err).contains("Cannot run: no install logs given; pass --installs DIR or set inputs.installs");
  }

  @Test
  void reportWithoutAGoldTableSaysToRunFirst() {
    Result r = run("report", "--warehouse", dir.resolve("empty").toString());
    assertThat(r.status).isEqualTo(2);
    assertThat(r.err).contains("Cannot report: no gold table at file:" + dir.resolve("empty") + "/gold/adoption_by_district; run `uptake run` first");
  }

  @Test
  void unknownOptionsAndFormatsAreUsageErrors() {
    assertThat(run("report", "--format", "pdf").status).isEqualTo(2);
    assertThat(run("generate", "--out", dir.resolve("g").toString(), "--census", "province").status).isEqualTo(2);
    assertThat(run("run", "--instals", "x").status).isEqualTo(2);
    assertThat(run("--help").status).isZero();
  }

  private record Result(int status, String err) {}

  private static Result run(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int status = Main.execute(args);
      return new Result(status, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }
}
