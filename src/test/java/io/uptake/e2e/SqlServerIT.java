package io.uptake.e2e;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uptake.config.UptakeConfig;
import io.uptake.testing.NotebookSql;
import io.uptake.testing.SharedGold;
import io.uptake.testing.TestSpark;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jobs/sql-server.sh, started as BI users start it (the packaged jar, Spark's runtime jars, a child
 * JVM), answers a real JDBC client (the Hive driver) over 127.0.0.1: the notebook's district
 * ranking equals the ranking computed here from the gold rows, only the analysts' views exist, and
 * SIGTERM stops the server and closes its port.
 */
class SqlServerIT {

  @TempDir
  Path dir;

  @Test
  void biToolsQueryTheGoldTablesOverJdbcAndTheServerStopsOnASignal() throws Exception {
    SparkSession spark = TestSpark.session();
    UptakeConfig config = SharedGold.config();

    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path log = dir.resolve("sql-server.log");
    ProcessBuilder pb = new ProcessBuilder("jobs/sql-server.sh", "--warehouse", config.warehouse(), "--port",
        Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("UPTAKE_NO_BUILD", "1");
    pb.environment().put("UPTAKE_JAVA_OPTS", "-Xmx1g");
    Process server = pb.start();
    try {
      awaitListening(server, port, log);
      try (Connection jdbc = DriverManager.getConnection("jdbc:hive2://127.0.0.1:" + port + "/default", "analyst", "");
           Statement st = jdbc.createStatement()) {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SHOW TABLES")) {
          while (rs.next()) {
            tables.add(rs.getString("tableName"));
          }
        }
        assertThat(tables).containsExactlyInAnyOrder("adoption_by_district", "adoption_by_district_published",
            "adoption_daily", "adoption_daily_published");
        assertThatThrownBy(() -> st.executeQuery("SELECT * FROM silver_phones").next())
            .as("no silver over JDBC").isInstanceOf(SQLException.class);
        try (ResultSet rs = st.executeQuery("DESCRIBE adoption_by_district")) {
          assertThat(rs.next()).as("DESCRIBE is served").isTrue();
        }
        // Nothing else may be read, changed or run: the shared session stays read-only.
        String wh = config.warehouse();
        List<String> refusedByTheGuard = List.of(
            "CREATE OR REPLACE TEMP VIEW adoption_by_district_published AS SELECT * FROM adoption_by_district",
            "DROP VIEW adoption_by_district",
            "SET spark.sql.runSQLOnFiles=true",
            "ADD JAR " + wh + "/nothing.jar",
            "CREATE TABLE stolen USING delta LOCATION '" + wh + "/silver/phones'",
            "SELECT TRANSFORM(province_code) USING 'cat' AS (x) FROM adoption_by_district",
            "SELECT reflect('java.lang.System', 'getProperty', 'user.home')");
        for (String attempt : refusedByTheGuard) {
          assertThatThrownBy(() -> st.execute(attempt)).as(attempt).isInstanceOf(SQLException.class)
              .hasMessageContaining("uptake sql-server");
        }
        for (String path : List.of("delta.`" + wh + "/silver/phones`", "parquet.`" + wh + "/bronze/installs`",
            "text.`" + wh + "/_uptake/phone.key`")) {
          assertThatThrownBy(() -> st.execute("SELECT * FROM " + path)).as(path).isInstanceOf(SQLException.class);
        }
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM adoption_by_district_published WHERE as_of IS NOT NULL")) {
          rs.next();
          assertThat(rs.getLong(1)).as("the published view is still the published view").isEqualTo(
              spark.read().format("delta").load(wh + "/gold/adoption_by_district").count());
        }

        List<List<Object>> ranking = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(NotebookSql.cellWith("district_rank"))) {
          while (rs.next()) {
            ranking.add(List.of(rs.getInt("district_rank"), rs.getString("province_name"), rs.getString("district_name"),
                rs.getLong("phones"), rs.getObject("smartphones") == null ? "null" : rs.getLong("smartphones"),
                rs.getObject("pct_of_smartphones") == null ? "null" : rs.getDouble("pct_of_smartphones")));
          }
        }
        assertThat(ranking).hasSize(50).isEqualTo(expectedRanking(spark, config));
      }
    } finally {
      server.destroy(); // SIGTERM
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server stops on SIGTERM; its log:\n"
          + Files.readString(log)).isTrue();
    }
    assertThat(Files.readString(log)).contains("Stopping the SQL server");
    try (Socket s = new Socket()) {
      assertThatThrownBy(() -> s.connect(new InetSocketAddress("127.0.0.1", port), 2_000)).as("port closed").isNotNull();
    }
  }

  /** The notebook's ranking, computed plainly from the latest snapshot's district rows. */
  private static List<List<Object>> expectedRanking(SparkSession spark, UptakeConfig config) {
    var gold = spark.read().format("delta").load(config.warehouse() + "/gold/adoption_by_district");
    Timestamp latest = gold.agg(max("as_of")).first().getTimestamp(0);
    List<Row> districts = new ArrayList<>(gold.where(col("as_of").equalTo(latest).and(col("row_type").equalTo("district")))
        .collectAsList());
    Comparator<Row> byShare = Comparator.comparing((Row r) -> r.<Double>getAs("phones_per_smartphones"),
        Comparator.nullsLast(Comparator.reverseOrder()));
    districts.sort(byShare.thenComparing(r -> r.<String>getAs("province_name")).thenComparing(r -> r.<String>getAs("district_name")));
    List<List<Object>> expected = new ArrayList<>();
    for (Row r : districts.subList(0, 50)) {
      Double share = r.getAs("phones_per_smartphones");
      // rank(): one more than the districts with a strictly higher share (nulls after every share).
      int rank = 1 + (int) districts.stream().filter(o -> byShare.compare(o, r) < 0).count();
      Long smartphones = r.getAs("smartphones");
      expected.add(List.of(rank, r.getAs("province_name"), r.getAs("district_name"), r.<Long>getAs("phones"),
          smartphones == null ? "null" : smartphones,
          share == null ? "null" : new BigDecimal(Double.toString(100 * share)).setScale(2, RoundingMode.HALF_UP).doubleValue()));
    }
    return expected;
  }

  private static void awaitListening(Process server, int port, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("sql-server exited " + server.exitValue() + ":\n" + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        if (Files.readString(log).contains("SQL server listening")) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("sql-server did not listen on " + port + " within 180 s:\n" + Files.readString(log));
  }
}
