package io.uptake.cli;

import io.uptake.jobs.SqlServerJob;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sql-server", description = "Serve the gold tables and their published views over JDBC/ODBC (Spark's "
    + "Thrift server, HiveServer2 protocol) for BI tools, until stopped with a signal (SIGTERM, SIGINT).")
final class SqlServerCommand implements Callable<Integer> {
  @Mixin
  Main.Common common;

  @Option(names = "--port", defaultValue = "10000", description = "TCP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; the server has no "
          + "authentication of its own: expose it only behind one).")
  String bind;

  @Override
  public Integer call() throws InterruptedException {
    SparkSession spark = SparkSessions.create("uptake sql-server",
        Map.of(SqlServerJob.SINGLE_SESSION, "true", SparkSessions.EXTENSIONS, SqlServerJob.EXTENSION));
    SqlServerJob.Running running = SqlServerJob.start(spark, common.load(), bind, port);
    CountDownLatch stopped = new CountDownLatch(1);
    // A signal runs the JVM's shutdown hooks: the server stops taking connections, then Spark stops.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("Stopping the SQL server");
      running.stop();
      spark.stop();
      stopped.countDown();
    }, "uptake-sql-server-stop"));
    System.err.println("SQL server listening on jdbc:hive2://" + bind + ":" + port + "/default with views "
        + String.join(", ", running.views()));
    stopped.await();
    return 0;
  }
}
