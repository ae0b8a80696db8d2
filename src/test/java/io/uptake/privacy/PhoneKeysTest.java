package io.uptake.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uptake.error.ExitCode;
import io.uptake.error.UptakeException;
import io.uptake.phone.PhonePseudonymizer;
import io.uptake.testing.TestPhoneKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhoneKeysTest {
  private static final String HEX = HexFormat.of().formatHex(TestPhoneKeys.KEY);
  private static final PhonePseudonymizer TEST = new PhonePseudonymizer(TestPhoneKeys.KEY);

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private PhonePseudonymizer load(String env, String file, boolean local) {
    return loadKey(env, file, local).pseudonymizer();
  }

  private PhoneKeys.Key loadKey(String env, String file, boolean local) {
    return PhoneKeys.load(env, file, dir.resolve("wh").toString(), local, new Configuration(),
        new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theEnvironmentWinsOverTheFileAndTheFileOverAGeneratedKey() throws Exception {
    Path file = Files.writeString(dir.resolve("phone.key"), "  " + "ff".repeat(32) + "\n");
    assertThat(load(HEX, file.toString(), true)).isEqualTo(TEST);
    assertThat(printed()).contains("from UPTAKE_PHONE_KEY (key id " + TEST.keyId() + ")").doesNotContain(HEX);
    assertThat(load(null, file.toString(), true)).isNotEqualTo(TEST);
    assertThat(printed()).contains("from " + file);
    assertThat(dir.resolve("wh")).doesNotExist();
  }

  @Test
  void base64IsAcceptedToo() {
    assertThat(load(Base64.getEncoder().encodeToString(TestPhoneKeys.KEY), null, false)).isEqualTo(TEST);
  }

  @Test
  void aLocalRunGeneratesAKeyWritesItOnlyWhenAskedOwnerReadableOnlyAndSaysSo() throws Exception {
    PhoneKeys.Key generated = loadKey(null, null, true);
    Path key = dir.resolve("wh/_uptake/phone.key");
    assertThat(key).as("nothing written before the run's first write").doesNotExist();
    assertThat(printed()).doesNotContain("Generated");
    generated.persist(new Configuration(), new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(printed()).contains("Generated a phone pseudonymization key at " + key)
        .contains("For the local demo only").contains("on a cluster set the environment variable UPTAKE_PHONE_KEY");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    assertThat(Files.readString(key).strip()).matches("[0-9a-f]{64}");
    out.reset();
    PhoneKeys.Key again = loadKey(null, null, true);
    assertThat(again.pseudonymizer()).isEqualTo(generated.pseudonymizer());
    again.persist(new Configuration(), new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(printed()).contains("generated for local runs, at " + key).doesNotContain("Generated");
  }

  @Test
  void ofTwoLocalRunsGeneratingAtOnceTheSecondStopsRatherThanUseAnotherKey() {
    PhoneKeys.Key first = loadKey(null, null, true);
    PhoneKeys.Key second = loadKey(null, null, true);
    first.persist(new Configuration(), new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThatThrownBy(() -> second.persist(new Configuration(), new PrintStream(out, true, StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(UptakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INTERNAL))
        .hasMessageEndingWith("another run generated one at " + dir.resolve("wh/_uptake/phone.key") + " at the same time; rerun");
  }

  @Test
  void aClusterRunWithoutAKeyStopsWithUsage() throws Exception {
    Files.createDirectories(dir.resolve("wh/_uptake"));
    Files.writeString(dir.resolve("wh/_uptake/phone.key"), HEX);
    assertThatThrownBy(() -> load(null, null, false))
        .isInstanceOfSatisfying(UptakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageStartingWith("Cannot pseudonymize phones: no phone key; set the environment variable UPTAKE_PHONE_KEY "
            + "or privacy.phone_key_file")
        .hasMessageEndingWith("A cluster run never generates one");
  }

  @Test
  void aBadKeyIsRefusedWithoutShowingIt() throws Exception {
    assertThatThrownBy(() -> load("abcd".repeat(8), null, false))
        .hasMessage("Cannot read the phone key from the environment variable UPTAKE_PHONE_KEY: it has 16 bytes; "
            + "a phone key needs at least 32 (64 hex digits)");
    assertThatThrownBy(() -> load(HEX.substring(1), null, false)).as("a hex digit lost is not another (base64) key")
        .hasMessage("Cannot read the phone key from the environment variable UPTAKE_PHONE_KEY: it has an odd number (63) of hex digits");
    assertThatThrownBy(() -> load("not a key!", null, false))
        .hasMessage("Cannot read the phone key from the environment variable UPTAKE_PHONE_KEY: it is neither hex digits nor base64");
    Path missing = dir.resolve("nowhere.key");
    assertThatThrownBy(() -> load(null, missing.toString(), false))
        .isInstanceOfSatisfying(UptakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining("the key file " + missing + " (privacy.phone_key_file): there is no such file");
  }

  @Test
  void aKeyFileOthersCanReadGetsAWarning() throws Exception {
    Path file = Files.writeString(dir.resolve("phone.key"), HEX);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    load(null, file.toString(), false);
    assertThat(printed()).contains("Warning: the phone key file " + file + " is readable by others (rw-r--r--); chmod 600 it");
    out.reset();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    load(null, file.toString(), false);
    assertThat(printed()).doesNotContain("Warning");
  }
}
