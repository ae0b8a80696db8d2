package io.uptake.cli;

import io.uptake.generate.LandingSetGenerator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", description = "Write a realistic, messy, national landing set (install logs + census), deterministic for a seed.")
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (installs/ and census/ are replaced).")
  Path out;

  @Option(names = "--phones", defaultValue = "20000", description = "Distinct phones (default: ${DEFAULT-VALUE}).")
  long phones;

  @Option(names = "--days", defaultValue = "7", description = "Landing days, ending on --end-date (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--end-date", defaultValue = "2021-05-06", description = "Last landing day (default: ${DEFAULT-VALUE}).")
  LocalDate endDate;

  @Option(names = "--census", defaultValue = "country", paramLabel = "country|sample",
      description = "Census size: the country's population, or sized so that the phones are about 15%% of it, as a published table reads (default: ${DEFAULT-VALUE}).")
  LandingSetGenerator.CensusSize census;

  @Override
  public Integer call() throws Exception {
    var summary = LandingSetGenerator.generate(out, new LandingSetGenerator.Options(phones, days, seed, endDate,
        ZoneId.of("Asia/Ho_Chi_Minh"), census));
    System.out.printf("Wrote %,d install rows in %,d files to %s and census tables to %s%n",
        summary.installRows(), summary.files(), summary.installsDir(), summary.censusDir());
    System.out.printf("Cut-off for this set: %s%n", summary.cutoff());
    return 0;
  }
}
