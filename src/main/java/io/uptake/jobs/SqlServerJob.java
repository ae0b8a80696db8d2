package io.uptake.jobs;

import io.uptake.access.ReadOnlySql;
import io.uptake.config.UptakeConfig;
import io.uptake.delta.Table;
import io.uptake.delta.Warehouse;
import io.uptake.error.Errors;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2;

/**
 * A JDBC/ODBC endpoint for BI tools: Spark's Thrift server (the HiveServer2 protocol, so the Hive
 * JDBC driver and the Spark ODBC drivers connect), serving only the analysts' views
 * ({@link QueryJob#registerAnalystViews}).
 *
 * <p>The views are the session's temporary views, so the server runs in single-session mode: every
 * connection shares them. {@link ReadOnlySql} keeps that shared session read-only and confined to
 * the gold tables. The views read the tables' latest version at each query, so a night's new
 * snapshot shows without a restart; a new column (a census denominator) needs one.
 */
public final class SqlServerJob {
  private SqlServerJob() {}

  /** A running server; {@link #stop} ends it (the Spark session stays, for the caller to stop). */
  public record Running(HiveThriftServer2 server, List<String> views, String host, int port) {
    public void stop() {
      server.stop();
    }
  }

  /** Static settings: the session must be built with both. */
  public static final String SINGLE_SESSION = "spark.sql.hive.thriftServer.singleSession";
  public static final String EXTENSION = ReadOnlySql.class.getName();

  public static Running start(SparkSession spark, UptakeConfig config, String host, int port) {
    if (!"true".equals(spark.conf().get(SINGLE_SESSION, "false"))
        || !spark.conf().get("spark.sql.extensions", "").contains(EXTENSION)) {
      throw Errors.internal("start the SQL server", "the Spark session must be built with " + SINGLE_SESSION
          + "=true (or connections would not see the views) and the extension " + EXTENSION + " (or they could read "
          + "and change anything)");
    }
    if (port < 1 || port > 65_535) {
      throw Errors.usage("start the SQL server", "port " + port + " is not a TCP port (1-65535)");
    }
    List<String> views = QueryJob.registerAnalystViews(spark, config);
    if (views.isEmpty()) {
      throw Errors.usage("start the SQL server", "no gold table under " + config.warehouse() + "; run `uptake run` first");
    }
    // Before the first connection: from here on, only queries over the gold tables run.
    Warehouse warehouse = Warehouse.of(spark, config.warehouse());
    ReadOnlySql.confine(List.of(warehouse.path(Table.GOLD_ADOPTION), warehouse.path(Table.GOLD_ADOPTION_DAILY)));
    spark.conf().set("spark.sql.runSQLOnFiles", "false");
    // The Thrift server reads its settings from the Hive configuration it builds from these.
    spark.sparkContext().hadoopConfiguration().set("hive.server2.thrift.bind.host", host);
    spark.sparkContext().hadoopConfiguration().set("hive.server2.thrift.port", Integer.toString(port));
    spark.sparkContext().hadoopConfiguration().set("hive.server2.transport.mode", "binary");
    System.setProperty("hive.server2.thrift.bind.host", host);
    System.setProperty("hive.server2.thrift.port", Integer.toString(port));
    HiveThriftServer2 server = HiveThriftServer2.startWithContext(spark.sqlContext());
    return new Running(server, views, host, port);
  }
}
