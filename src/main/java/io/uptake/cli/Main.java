package io.uptake.cli;

import io.uptake.config.ConfigLoader;
import io.uptake.config.UptakeConfig;
import io.uptake.error.Errors;
import io.uptake.error.ExitCode;
import io.uptake.error.UptakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code uptake} command line: run, report, generate, query. */
@Command(name = "uptake", mixinStandardHelpOptions = true, version = "uptake 0.1.0",
    description = "Bluezone adoption-rate tables from raw install logs and census tables, on Spark and Delta Lake.",
    subcommands = {RunCommand.class, ReportCommand.class, GenerateCommand.class, QueryCommand.class})
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
    @Option(names = "--config", paramLabel = "FILE",
        description = "YAML configuration (default: " + DEFAULT_CONFIG + " when it exists). Flags override it.")
    Path config;

    @Option(names = "--warehouse", paramLabel = "DIR", description = "Root of the Delta tables (default: ./warehouse).")
    String warehouse;

    UptakeConfig load() {
      UptakeConfig base;
      if (config != null) {
        if (!Files.exists(config)) {
          throw Errors.usage("load configuration", "file " + config + " does not exist");
        }
        base = ConfigLoader.load(config);
      } else if (Files.exists(Path.of(DEFAULT_CONFIG))) {
        base = ConfigLoader.load(Path.of(DEFAULT_CONFIG));
      } else {
        base = ConfigLoader.defaults();
      }
      return base.withWarehouse(warehouse);
    }
  }
}
