package io.uptake.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Writes a realistic, messy, national landing set for the demo, tests and benchmarks: install logs
 * in JSON Lines and CSV (plain and gzipped) under {@code installs/date=YYYY-MM-DD/}, and census
 * tables under {@code census/}. The same options always give byte-identical files.
 *
 * <p>The logs hold duplicates, every phone spelling people type, legacy 11-digit numbers,
 * anonymous installs, bad rows, late events and events after the cut-off; province and district
 * names come in codes, official names and their variants. The census has every district of the
 * bundled GSO catalogue and, for about half the provinces, a province row above the district sum.
 */
public final class LandingSetGenerator {

  /** Rows per file before a day's file of one format is split into another part. */
  static final int MAX_ROWS_PER_FILE = 500_000;
  /** Days written per pass over the subscribers, which bounds the files open at once. */
  private static final int DAYS_PER_PASS = 31;

  private LandingSetGenerator() {}

  /** How large the census is: the country's, or sized to the sample's phones. */
  public enum CensusSize {
    /** The country's population (2019 census by province), whatever the number of phones. */
    COUNTRY,
    /** Scaled down so that the phones are about {@value CensusTables#SAMPLE_PHONES_PER_PERSON} of the population, as a real table reads. */
    SAMPLE
  }

  /** Options; validate: phones >= 1, days >= 1. endDate is the last landing day. */
  public record Options(long phones, int days, long seed, LocalDate endDate, ZoneId zone, CensusSize census) {
    /** With the country's census. */
    public Options(long phones, int days, long seed, LocalDate endDate, ZoneId zone) {
      this(phones, days, seed, endDate, zone, CensusSize.COUNTRY);
    }

    public Options {
      if (phones < 1) {
        throw new IllegalArgumentException(
            "Cannot generate landing set: phones must be at least 1, got " + phones + ".");
      }
      if (days < 1) {
        throw new IllegalArgumentException(
            "Cannot generate landing set: days must be at least 1, got " + days + ".");
      }
      Objects.requireNonNull(endDate, "Cannot generate landing set: endDate is required.");
      Objects.requireNonNull(zone, "Cannot generate landing set: zone is required.");
      Objects.requireNonNull(census, "Cannot generate landing set: census size is required.");
    }
  }

  /** What was written. cutoff = endDate at 17:00 in zone. */
  public record Summary(Path installsDir, Path censusDir, long installRows, long files, OffsetDateTime cutoff) {}

  /**
   * Writes {@code out/installs} and {@code out/census}, replacing them if they exist; nothing else
   * under {@code out} is touched. {@code files} counts install-log files.
   */
  public static Summary generate(Path out, Options options) throws IOException {
    return generate(out, options, MAX_ROWS_PER_FILE);
  }

  static Summary generate(Path out, Options options, int maxRowsPerFile) throws IOException {
    Objects.requireNonNull(out, "Cannot generate landing set: an output directory is required.");
    Country units = Country.load();
    PhoneNumbers phones = new PhoneNumbers(options.seed(), Country.legacyPrefixesByNew());
    if (options.phones() > phones.capacity()) {
      throw new IllegalArgumentException("Cannot generate landing set: at most " + phones.capacity()
          + " distinct mobile numbers exist, asked for " + options.phones() + ".");
    }
    LandingTimes times = new LandingTimes(options.endDate(), options.days(), options.zone());
    double scale = options.census() == CensusSize.SAMPLE ? CensusTables.sampleScale(units, options.phones()) : 1.0;
    CensusTables census = new CensusTables(units, options.seed(), scale);
    NameVariants names = new NameVariants(units);
    InstallEvents events = new InstallEvents(options.seed(), times, census, names, phones);

    Path installsDir = out.resolve("installs");
    Path censusDir = out.resolve("census");
    deleteTree(installsDir);
    deleteTree(censusDir);
    Files.createDirectories(installsDir);
    census.write(censusDir, names);

    long rows = 0;
    long files = 0;
    for (int first = 0; first < options.days(); first += DAYS_PER_PASS) {
      int end = Math.min(options.days(), first + DAYS_PER_PASS);
      try (InstallFiles sink =
          new InstallFiles(installsDir, times, options.seed(), maxRowsPerFile, first, end)) {
        for (long subscriber = 0; subscriber < options.phones(); subscriber++) {
          events.emit(subscriber, sink::write);
        }
        rows += sink.rows();
        files += sink.files();
      }
    }
    OffsetDateTime cutoff =
        options.endDate().atTime(LandingTimes.CUTOFF_TIME).atZone(options.zone()).toOffsetDateTime();
    return new Summary(installsDir, censusDir, rows, files, cutoff);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.isSymbolicLink(dir)) {
      Files.delete(dir); // the link only, never what it points to
      return;
    }
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      Files.delete(path);
    }
  }
}
