package io.uptake.cli;

import io.uptake.config.ConfigKey;
import io.uptake.config.ConfigLoader;
import io.uptake.config.ConfigSource;
import io.uptake.config.UptakeConfig;
import io.uptake.error.Errors;
import io.uptake.error.ExitCode;
import io.uptake.error.UptakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code uptake} command line: run, report, generate, query, retain. */
@Command(name = "uptake", mixinStandardHelpOptions = true, version = "uptake 0.1.0",
    description = "Bluezone adoption-rate tables from raw install logs and census tables, on Spark and Delta Lake.",
    subcommands = {RunCommand.class, ReportCommand.class, GenerateCommand.class, QueryCommand.class, RetainCommand.class,
        SqlServerCommand.class})
public final class Main implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final String DEFAULT_CONFIG = "conf/uptake.yaml";

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit status; errors are printed, never thrown. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setCaseInsensitiveEnumValuesAllowed(true);  // --census sample, as the help writes it
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      UptakeException known = Errors.find(e);
      if (known != null) {
        cmd.getErr().println(known.getMessage());
        LOG.debug("stack trace", e);
        return known.exitCode().status();
      }
      LOG.error("Uptake failed", e);
      cmd.getErr().println("Uptake failed: " + e);
      return ExitCode.INTERNAL.status();
    });
    cli.setExitCodeExceptionMapper(e -> ExitCode.USAGE.status());
    return cli.execute(args);
  }

  /** Options every command shares. */
  static final class Common {
    @Option(names = "--config", paramLabel = "FILE|URI",
        description = "YAML configuration (default: " + DEFAULT_CONFIG + " when it exists). A Hadoop URI (hdfs:, s3a:, "
            + "abfss:, file:), else a local path from the working directory, else a name shipped with spark-submit --files. "
            + "Flags override it.")
    String config;

    @Option(names = "--warehouse", paramLabel = "DIR", description = "Root of the Delta tables (default: ./warehouse).")
    String warehouse;

    UptakeConfig load() {
      UptakeConfig base;
      String location = config != null ? config : Files.exists(Path.of(DEFAULT_CONFIG)) ? DEFAULT_CONFIG : null;
      if (location != null) {
        // spark-submit passes its settings (spark.files, spark.hadoop.*) as system properties.
        SparkConf spark = new SparkConf();
        ConfigSource.Found found = ConfigSource.read(location, spark.get("spark.files", null),
            () -> SparkHadoopUtil.get().newConfiguration(spark));
        LOG.info("Configuration: {}", ConfigSource.forLog(found.location()));
        base = ConfigLoader.parse(found.text(), found.location());
      } else {
        LOG.info("Configuration: built-in defaults (no --config and no {})", DEFAULT_CONFIG);
        base = ConfigLoader.defaults();
      }
      return base.with(ConfigKey.WAREHOUSE, overridden("--warehouse", warehouse));
    }
  }

  /** Logs a command-line override (paths and dates only: no setting holds a secret). */
  static String overridden(String flag, String value) {
    if (value != null) {
      LOG.info("Command-line override: {} {}", flag, ConfigSource.forLog(value));
    }
    return value;
  }
}
