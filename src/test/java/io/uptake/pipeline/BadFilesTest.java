package io.uptake.pipeline;

import static io.uptake.testing.Fixtures.quiet;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.cli.Main;
import io.uptake.config.ConfigKey;
import io.uptake.config.ConfigLoader;
import io.uptake.config.UptakeConfig;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.error.ExitCode;
import io.uptake.schema.IngestedFiles;
import io.uptake.testing.TestSpark;
import io.uptake.testing.TestWarehouses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unreadable files at the edges: the exit codes of the command line, an unreadable new version of a
 * file already ingested, a ledger from before rejections were recorded. The nights of one set of
 * rejected files are {@link RejectedFileNightsTest}.
 */
class BadFilesTest {
  private static final Instant CUTOFF = Instant.parse("2021-05-06T10:00:00Z");
  private static final String CENSUS = "province,district,population,smartphones\n08,,1000,600\n";

  @TempDir
  Path dir;

  private final SparkSession spark = TestSpark.session();

  @Test
  void theCommandLineExitsFourOrWithFailFastThree() throws IOException {
    Path night = Files.createDirectories(dir.resolve("installs/date=2021-05-06"));
    Files.writeString(night.resolve("good.jsonl"), rows("0912000001"), StandardCharsets.UTF_8);
    Files.write(night.resolve("truncated.jsonl.gz"), truncatedGzip(rows("0912000011", "0912000012")));
    Files.createDirectories(dir.resolve("census"));
    Files.writeString(dir.resolve("census/population.csv"), CENSUS, StandardCharsets.UTF_8);
    String[] common = {"--installs", dir.resolve("installs").toString(), "--census", dir.resolve("census").toString(),
        "--cutoff", "2021-05-06T17:00:00+07:00"};

    Path failFast = dir.resolve("wh-fail-fast");
    assertThat(cli("run", "--warehouse", failFast.toString(), "--fail-fast", common)).isEqualTo(3);
    assertThat(TestWarehouses.deltaTables(failFast)).as("nothing written but the run lease").containsExactly("meta/run_lock");
    assertThat(failFast.resolve("_uptake")).doesNotExist();
    assertThat(cli("run", "--warehouse", dir.resolve("wh-cli").toString(), null, common)).isEqualTo(4);
  }

  /**
   * A known name whose new bytes cannot be read: a changed file first (exit 3 by default); under
   * on_changed_file: replace, rejected while the old version's rows and ledger entry stay.
   */
  @Test
  void anUnreadableNewVersionOfAnIngestedFileLeavesTheOldOne() throws IOException {
    Path night = Files.createDirectories(dir.resolve("installs/date=2021-05-06"));
    Path file = night.resolve("good.jsonl");
    Files.writeString(file, rows("0912000001", "0912000002"), StandardCharsets.UTF_8);
    UptakeConfig config = config("wh-replace");
    NightlyRun.of(spark, config).asOf(CUTOFF).progressTo(quiet()).execute();
    Files.write(file, ("{\"event_time\":\"2021-05-06T09:00:00Z\",\"phone\":\"0912000003\",\"province\":\"Tuy\u00EAn\"}\n")
        .getBytes(StandardCharsets.ISO_8859_1));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> NightlyRun.of(spark, config).asOf(CUTOFF).progressTo(quiet()).execute())
        .hasMessageContaining("its content has changed since");

    UptakeConfig replace = ConfigLoader.parse("ingest:\n  on_changed_file: replace\n", "test.yaml")
        .with(ConfigKey.WAREHOUSE, config.warehouse()).with(ConfigKey.INPUTS_INSTALLS, config.installs()).with(ConfigKey.INPUTS_CENSUS, config.census());
    for (int night2 = 0; night2 < 2; night2++) {
      RunSummary s = NightlyRun.of(spark, replace).asOf(CUTOFF).progressTo(quiet()).execute();
      assertThat(s.exitCode()).as("reported every night until fixed").isEqualTo(ExitCode.COMPLETED_WITH_REJECTED_FILES);
      assertThat(s.files().rejected()).containsExactly(file + ": line 1: the file is not valid UTF-8");
      assertThat(s.phones().counted()).as("the old version's rows").isEqualTo(2);
      assertThat(ledger(spark, Warehouse.of(spark, config.warehouse()))).containsExactly(Map.entry("good.jsonl", "ingested|null"));
    }
  }

  /** A ledger written before outcome and reason existed gains them; its rows count as ingested. */
  @Test
  void aLedgerFromBeforeRejectionsIsExtended() throws IOException {
    Path night = Files.createDirectories(dir.resolve("installs/date=2021-05-06"));
    Path good = night.resolve("good.jsonl");
    Files.writeString(good, rows("0912000001"), StandardCharsets.UTF_8);
    UptakeConfig config = config("wh-old");
    NightlyRun.of(spark, config).asOf(CUTOFF).progressTo(quiet()).execute();
    Warehouse warehouse = Warehouse.of(spark, config.warehouse());
    Row entry = warehouse.read(spark, Table.INGESTED_FILES).first();
    StructType oldSchema = new StructType().add("path", DataTypes.StringType).add("size", DataTypes.LongType)
        .add("modification_time", DataTypes.TimestampType).add("checksum", DataTypes.StringType)
        .add("run_id", DataTypes.StringType).add("ingested_at", DataTypes.TimestampType);
    spark.createDataFrame(List.of(RowFactory.create(entry.getString(0), entry.getLong(1), entry.<Timestamp>getAs(2),
            entry.getString(3), entry.getString(4), entry.<Timestamp>getAs(5))), oldSchema)
        .write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true")
        .save(warehouse.path(Table.INGESTED_FILES));

    Files.write(night.resolve("truncated.jsonl.gz"), truncatedGzip(rows("0912000011")));
    RunSummary s = NightlyRun.of(spark, config).asOf(CUTOFF).progressTo(quiet()).execute();
    assertThat(s.files().alreadyIngested()).isEqualTo(1);
    assertThat(s.files().rejected()).hasSize(1);
    assertThat(ledger(spark, warehouse)).containsEntry("good.jsonl", "null|null")
        .containsEntry("truncated.jsonl.gz", "rejected|the gzip data ends early (truncated)");

    // Rejections are recorded last: a run that died before that reports them again when rerun.
    io.delta.tables.DeltaTable.forPath(spark, warehouse.path(Table.INGESTED_FILES)).delete("outcome = 'rejected'");
    RunSummary rerun = NightlyRun.of(spark, config).asOf(CUTOFF).progressTo(quiet()).execute();
    assertThat(rerun.files().rejected()).hasSize(1);
    assertThat(rerun.exitCode()).isEqualTo(ExitCode.COMPLETED_WITH_REJECTED_FILES);
    assertThat(rerun.files().ingested()).isZero();
  }

  private int cli(String command, String flag, String value, String extra, String... common) {
    String[] args = extra == null ? new String[] {command, flag, value} : new String[] {command, flag, value, extra};
    String[] all = Arrays.copyOf(args, args.length + common.length);
    System.arraycopy(common, 0, all, args.length, common.length);
    PrintStream out = System.out;
    System.setOut(quiet());
    try {
      return Main.execute(all);
    } finally {
      System.setOut(out);
    }
  }

  /** File name → "outcome|reason". */
  static Map<String, String> ledger(SparkSession spark, Warehouse warehouse) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : warehouse.read(spark, Table.INGESTED_FILES).select(col(IngestedFiles.PATH), col(IngestedFiles.OUTCOME),
        col(IngestedFiles.REASON)).collectAsList()) {
      String path = r.getString(0);
      out.put(path.substring(path.lastIndexOf('/') + 1), r.get(1) + "|" + r.get(2));
    }
    return out;
  }

  private UptakeConfig config(String warehouse) throws IOException {
    Files.createDirectories(dir.resolve("census"));
    Files.writeString(dir.resolve("census/population.csv"), CENSUS, StandardCharsets.UTF_8);
    return ConfigLoader.defaults().with(ConfigKey.WAREHOUSE, dir.resolve(warehouse).toString())
        .with(ConfigKey.INPUTS_INSTALLS, dir.resolve("installs").toString()).with(ConfigKey.INPUTS_CENSUS, dir.resolve("census").toString());
  }

  /** JSON Lines rows in province 08, one per phone. */
  static String rows(String... phones) {
    StringBuilder b = new StringBuilder();
    for (String p : phones) {
      b.append("{\"event_time\":\"2021-05-06T09:00:00Z\",\"phone\":\"").append(p).append("\",\"province\":\"08\"}\n");
    }
    return b.toString();
  }

  /** The text, repeated, gzipped, and cut 20 bytes short. */
  static byte[] truncatedGzip(String text) throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(text.repeat(200).getBytes(StandardCharsets.UTF_8));
    }
    return Arrays.copyOf(gz.toByteArray(), gz.size() - 20);
  }
}
