package io.uptake.pipeline;

import static io.uptake.testing.Fixtures.quiet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uptake.config.ConfigKey;
import io.uptake.config.ConfigLoader;
import io.uptake.config.UptakeConfig;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.error.ExitCode;
import io.uptake.error.UptakeException;
import io.uptake.testing.TestPhoneKeys;
import io.uptake.testing.TestSpark;
import io.uptake.testing.TestWarehouses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The phone key over a warehouse's life: a run with another key stops before any write; --rekey
 * rebuilds silver under the new key; a silver table without a recorded key id is deleted with its
 * history and rebuilt. Gold never changes. Steps build on each other. Silver from before
 * pseudonymization is a golden warehouse ({@code GoldenWarehouseTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhoneKeyRunTest {
  private static final Instant NIGHT = Instant.parse("2021-05-06T10:00:00Z");
  private static final List<String> PHONES = List.of("+84912345678", "+84987654321", "+84911111111");
  private static final byte[] OTHER_KEY = HexFormat.of().parseHex("ab".repeat(32));

  @TempDir
  static Path dir;

  private SparkSession spark;
  private UptakeConfig config;
  private UptakeConfig otherKey;
  private Warehouse warehouse;
  private List<String> gold;

  @BeforeAll
  void firstNight() throws IOException {
    spark = TestSpark.session();
    Path installs = dir.resolve("installs");
    Files.createDirectories(installs.resolve("date=2021-05-06"));
    Files.writeString(installs.resolve("date=2021-05-06/a.jsonl"),
        "{\"event_time\":\"2021-05-05T09:00:00Z\",\"phone\":\"0912345678\",\"province\":\"08\",\"district\":\"072\"}\n"
            + "{\"event_time\":\"2021-05-05T09:30:00Z\",\"phone\":\"0987654321\",\"province\":\"01\"}\n"
            + "{\"event_time\":\"2021-05-06T09:10:00Z\",\"phone\":\"0911 111 111\",\"province\":\"79\",\"district\":\"760\"}\n");
    Files.createDirectories(dir.resolve("census"));
    Files.writeString(dir.resolve("census/c.csv"), "province,district,population,smartphones\n08,,1000,600\n");
    config = ConfigLoader.defaults().with(ConfigKey.WAREHOUSE, dir.resolve("warehouse").toString())
        .with(ConfigKey.INPUTS_INSTALLS, installs.toString()).with(ConfigKey.INPUTS_CENSUS, dir.resolve("census").toString());
    Path keyFile = Files.writeString(dir.resolve("other.key"), HexFormat.of().formatHex(OTHER_KEY) + "\n");
    otherKey = config.with(ConfigKey.PRIVACY_PHONE_KEY_FILE, keyFile.toString());
    warehouse = new Warehouse(config.warehouse());
    NightlyRun.of(spark, config).asOf(NIGHT).progressTo(quiet()).execute();
    gold = gold();
    assertThat(silverKeys()).containsExactlyInAnyOrderElementsOf(pseudonyms(TestPhoneKeys.generatedKey(config.warehouse())));
  }

  @Test
  @Order(1)
  void aRunWithAnotherKeyStopsBeforeAnyWrite() {
    Map<Table, Long> before = versions();
    assertThatThrownBy(() -> NightlyRun.of(spark, otherKey).asOf(NIGHT).progressTo(quiet()).execute())
        .isInstanceOfSatisfying(UptakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageStartingWith("Cannot pseudonymize phones: silver/phone_provinces was keyed by phone key id ")
        .hasMessageContaining("and this run's key has id " + new io.uptake.phone.PhonePseudonymizer(OTHER_KEY).keyId())
        .hasMessageEndingWith("or rebuild silver from bronze under this key with run --rekey");
    assertThat(versions()).isEqualTo(before);
  }

  @Test
  @Order(2)
  void rekeyRebuildsSilverUnderTheNewKeyAndLeavesNoOldPseudonym() throws IOException {
    List<String> old = pseudonyms(TestPhoneKeys.generatedKey(config.warehouse()));
    String printed = run(otherKey, true);
    assertThat(printed).contains("were keyed by another key, and --rekey was given: deleting them with their history");
    assertThat(silverKeys()).containsExactlyInAnyOrderElementsOf(pseudonyms(OTHER_KEY));
    assertThat(gold()).isEqualTo(gold);
    assertThat(silverText()).doesNotContain(old.get(0), old.get(1), old.get(2));
  }

  /** A silver table whose key id property was removed (by hand: no version wrote one so) is rebuilt. */
  @Test
  @Order(3)
  void silverWithoutARecordedKeyIsRebuilt() throws IOException {
    spark.sql("ALTER TABLE delta.`" + warehouse.path(Table.SILVER_PHONES) + "` UNSET TBLPROPERTIES ('uptake.phone_key_id')");
    assertThat(run(otherKey, false)).contains("record no key id");
    assertThat(warehouse.property(spark, Table.SILVER_PHONES, "uptake.phone_key_id"))
        .contains(new io.uptake.phone.PhonePseudonymizer(OTHER_KEY).keyId());
    assertThat(gold()).isEqualTo(gold);
  }

  private String run(UptakeConfig c, boolean rekey) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NightlyRun run = NightlyRun.of(spark, c).asOf(NIGHT).progressTo(new PrintStream(out, true, StandardCharsets.UTF_8));
    (rekey ? run.rekey() : run).execute();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<String> pseudonyms(byte[] key) {
    return PHONES.stream().map(p -> TestPhoneKeys.hmac(key, p)).toList();
  }

  private List<String> silverKeys() {
    return warehouse.read(spark, Table.SILVER_PHONES).select("phone_key").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  private List<String> gold() {
    return warehouse.read(spark, Table.GOLD_ADOPTION).drop("as_of").collectAsList().stream().map(Row::toString).sorted().toList();
  }

  /** Every row of both silver phone tables as JSON, and every byte of their Delta logs. */
  private String silverText() throws IOException {
    StringBuilder text = new StringBuilder();
    for (Table t : List.of(Table.SILVER_PHONE_PROVINCES, Table.SILVER_PHONES)) {
      warehouse.read(spark, t).toJSON().collectAsList().forEach(text::append);
      try (var files = Files.walk(Path.of(warehouse.path(t)))) {
        for (Path f : files.filter(p -> Files.isRegularFile(p) && p.toString().contains("_delta_log")).toList()) {
          text.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
      }
    }
    try (var hidden = Files.list(Path.of(config.warehouse(), "silver"))) {
      assertThat(hidden.map(p -> p.getFileName().toString())).as("nothing left half-deleted").noneMatch(n -> n.startsWith("."));
    }
    return text.toString();
  }

  private Map<Table, Long> versions() {
    return TestWarehouses.dataVersions(spark, warehouse);
  }
}
