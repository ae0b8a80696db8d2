package io.uptake.pipeline;

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
 * A landing file that cannot be read (truncated gzip, not gzip, not UTF-8, another format than its
 * name says, a CSV header without a required column) is rejected whole: the
 * night goes on with the others, the ledger says why, the run exits 4; unchanged, it is not read
 * again; delivered again fixed, it is ingested.
 */
class BadFilesTest {
  private static final Instant CUTOFF = Instant.parse("2021-05-06T10:00:00Z");
  private static final String CENSUS = "province,district,population,smartphones\n08,,1000,600\n";

  @TempDir
  Path dir;

  private final SparkSession spark = TestSpark.session();

  @Test
  void unreadableFilesAreRejectedAndTheNightGoesOn() throws IOException {
    Path night = Files.createDirectories(dir.resolve("installs/date=2021-05-06"));
    Files.writeString(night.resolve("good.jsonl"), rows("0912000001", "0912000002", "0912000003"), StandardCharsets.UTF_8);
    Files.write(night.resolve("truncated.jsonl.gz"), truncatedGzip(rows("0912000011", "0912000012")));
    Files.writeString(night.resolve("plain.jsonl.gz"), rows("0912000021"), StandardCharsets.UTF_8);
    byte[] latin1 = ("event_time,phone,province\n2021-05-06T09:00:00Z,0912000031,08\n"
        + "2021-05-06T09:00:00Z,0912000032,Tuy\u00EAn Quang\n").getBytes(StandardCharsets.ISO_8859_1);
    Files.write(night.resolve("latin1.csv"), latin1);
    Files.writeString(night.resolve("nocolumn.csv"), "event_time,phone\n2021-05-06T09:00:00Z,0912000041\n");
    Files.writeString(night.resolve("json.csv"), rows("0912000051"));
    Files.writeString(night.resolve("header.csv"), "event_time,province,phone\n");
    Files.writeString(night.resolve("header2.csv"), "event_time,province,phone\n"); // same bytes: empty, not a duplicate
    UptakeConfig config = config("wh");

    RunSummary first = NightlyRun.of(spark, config).asOf(CUTOFF).progressTo(quiet()).execute();
    assertThat(first.exitCode()).isEqualTo(ExitCode.COMPLETED_WITH_REJECTED_FILES);
    assertThat(first.exitCode().status()).isEqualTo(4);
    assertThat(first.files().ingested()).isEqualTo(3);
    assertThat(first.files().empty()).isEqualTo(2);
    assertThat(first.phones().counted()).as("the good file's phones only").isEqualTo(3);
    assertThat(first.files().rejected()).containsExactlyInAnyOrder(
        night.resolve("nocolumn.csv") + ": line 1: the CSV header lacks a required column (no 'province' among its 2 columns)",
        night.resolve("json.csv") + ": line 1: the file is not the format its name says (its first line is JSON, not a CSV header)",
        night.resolve("latin1.csv") + ": line 3: the file is not valid UTF-8",
        night.resolve("plain.jsonl.gz") + ": the file is not the format its name says (the name ends in .gz, but the data is not gzip)",
        night.resolve("truncated.jsonl.gz") + ": the gzip data ends early (truncated)");
    assertThat(first.render()).contains("files rejected        5").contains("2 with no rows").contains(night.resolve("latin1.csv") + ": line 3");

    Warehouse warehouse = Warehouse.of(spark, config.warehouse());
    assertThat(warehouse.read(spark, Table.BRONZE_INSTALLS).select("source_file").distinct().collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("file:" + night.resolve("good.jsonl"));
    assertThat(ledger(warehouse)).hasSize(8).containsEntry("good.jsonl", "ingested|null")
        .containsEntry("header.csv", "empty|null").containsEntry("header2.csv", "empty|null")
        .containsEntry("nocolumn.csv", "rejected|line 1: the CSV header lacks a required column (no 'province' among its 2 columns)")
        .containsEntry("latin1.csv", "rejected|line 3: the file is not valid UTF-8")
        .containsEntry("truncated.jsonl.gz", "rejected|the gzip data ends early (truncated)")
        .containsEntry("plain.jsonl.gz", "rejected|the file is not the format its name says (the name ends in .gz, but the data is not gzip)");
    Row logged = warehouse.read(spark, Table.RUNS).first();
    assertThat(logged.<scala.collection.Seq<String>>getAs("files_rejected").size()).isEqualTo(5);

    // Unchanged, they are not read again, nor reported again: a rerun exits 0 and writes no ledger.
    long ledgerVersion = warehouse.version(spark, Table.INGESTED_FILES);
    RunSummary second = NightlyRun.of(spark, config).asOf(CUTOFF).progressTo(quiet()).execute();
    assertThat(second.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(second.files().stillRejected()).isEqualTo(5);
    assertThat(second.files().rejected()).isEmpty();
    assertThat(second.render()).contains("5 rejected before and unchanged");
    assertThat(warehouse.version(spark, Table.INGESTED_FILES)).isEqualTo(ledgerVersion);

    // Delivered again, fixed, under the same name: a new file, not a "changed" one.
    Files.writeString(night.resolve("latin1.csv"), "event_time,phone,province\n2021-05-06T09:00:00Z,0912000031,08\n"
        + "2021-05-06T09:00:00Z,0912000032,Tuyên Quang\n", StandardCharsets.UTF_8);
    RunSummary third = NightlyRun.of(spark, config).asOf(CUTOFF).progressTo(quiet()).execute();
    assertThat(third.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(third.files().ingested()).isEqualTo(1);
    assertThat(third.files().stillRejected()).isEqualTo(4);
    assertThat(third.phones().counted()).isEqualTo(5);
    assertThat(ledger(warehouse)).containsEntry("latin1.csv", "ingested|null");
  }

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
      assertThat(ledger(Warehouse.of(spark, config.warehouse()))).containsExactly(Map.entry("good.jsonl", "ingested|null"));
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
    assertThat(ledger(warehouse)).containsEntry("good.jsonl", "null|null")
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
  private Map<String, String> ledger(Warehouse warehouse) {
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

  private static String rows(String... phones) {
    StringBuilder b = new StringBuilder();
    for (String p : phones) {
      b.append("{\"event_time\":\"2021-05-06T09:00:00Z\",\"phone\":\"").append(p).append("\",\"province\":\"08\"}\n");
    }
    return b.toString();
  }

  private static byte[] truncatedGzip(String text) throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(text.repeat(200).getBytes(StandardCharsets.UTF_8));
    }
    return Arrays.copyOf(gz.toByteArray(), gz.size() - 20);
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }
}
