package io.uptake.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uptake.generate.LandingSetGenerator.Options;
import io.uptake.generate.LandingSetGenerator.Summary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandingSetGeneratorTest {

  private static final LocalDate END_DATE = LocalDate.of(2021, 5, 6);
  private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final long PHONES = 2000;
  private static final int DAYS = 3;
  private static final List<String> EXTENSIONS = List.of(".jsonl", ".jsonl.gz", ".csv", ".csv.gz");

  @TempDir static Path shared;
  private static Path landing;
  private static Summary summary;

  @TempDir Path tmp;

  @BeforeAll
  static void generateOnce() throws IOException {
    landing = shared.resolve("landing");
    summary = LandingSetGenerator.generate(landing, options(42));
  }

  private static Options options(long seed) {
    return new Options(PHONES, DAYS, seed, END_DATE, ZONE);
  }

  @Test
  void sameSeedGivesByteIdenticalFiles() throws IOException {
    Path again = tmp.resolve("again");
    LandingSetGenerator.generate(again, options(42));

    List<String> files = relativeFiles(landing);
    assertThat(relativeFiles(again)).isEqualTo(files);
    for (String file : files) {
      assertThat(Files.mismatch(landing.resolve(file), again.resolve(file))).as(file).isEqualTo(-1L);
    }
  }

  @Test
  void differentSeedGivesDifferentFiles() throws IOException {
    Path other = tmp.resolve("other");
    LandingSetGenerator.generate(other, options(43));

    String population = "census/" + CensusTables.POPULATION_FILE;
    String lastDayJson = "installs/date=2021-05-06/part-00000.jsonl";
    assertThat(Files.mismatch(landing.resolve(population), other.resolve(population))).isNotEqualTo(-1L);
    assertThat(Files.mismatch(landing.resolve(lastDayJson), other.resolve(lastDayJson))).isNotEqualTo(-1L);
  }

  @Test
  void everyDayHasEveryFormat() throws IOException {
    assertThat(summary.installsDir()).isEqualTo(landing.resolve("installs"));
    List<String> days;
    try (Stream<Path> list = Files.list(summary.installsDir())) {
      days = list.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(days).containsExactly("date=2021-05-04", "date=2021-05-05", "date=2021-05-06");
    for (String day : days) {
      List<String> names = relativeFiles(summary.installsDir().resolve(day));
      for (String extension : EXTENSIONS) {
        assertThat(names).as(day).anyMatch(name -> extensionOf(name).equals(extension));
      }
    }
    assertThat(summary.files()).isEqualTo(relativeFiles(summary.installsDir()).size());
  }

  @Test
  void rowsAreAboutOnePointSevenPerPhoneAndAllCounted() throws IOException {
    // 1.6 events per subscriber, plus 5% anonymous and 2% bad rows on top: 1.72 per phone.
    assertThat(summary.installRows()).isBetween((long) (PHONES * 1.55), (long) (PHONES * 1.90));

    long dataLines = 0;
    for (String file : relativeFiles(summary.installsDir())) {
      List<String> lines = lines(summary.installsDir().resolve(file));
      dataLines += file.contains(".csv") ? lines.size() - 1 : lines.size();
    }
    assertThat(dataLines).isEqualTo(summary.installRows());
  }

  @Test
  void cutoffIsFivePmOnTheLastDay() {
    assertThat(summary.cutoff()).isEqualTo(OffsetDateTime.parse("2021-05-06T17:00:00+07:00"));
  }

  @Test
  void censusGivesEveryDistrictOnceInEachFile() throws IOException {
    assertThat(summary.censusDir()).isEqualTo(landing.resolve("census"));
    List<List<String>> population = csvRows(summary.censusDir().resolve(CensusTables.POPULATION_FILE));
    List<List<String>> smartphones = csvRows(summary.censusDir().resolve(CensusTables.SMARTPHONES_FILE));

    assertThat(population.get(0)).containsExactly("province", "district", "population");
    assertThat(smartphones.get(0)).containsExactly("district", "province", "smartphones", "adults_18_plus");
    long populationDistricts = population.stream().skip(1).filter(row -> !row.get(1).isBlank()).count();
    long smartphoneDistricts = smartphones.stream().skip(1).filter(row -> !row.get(0).isBlank()).count();
    assertThat(populationDistricts).isEqualTo(705);
    assertThat(smartphoneDistricts).isEqualTo(705);
    long provinceRows = population.size() - 1 - populationDistricts;
    assertThat(provinceRows).isBetween(15L, 50L);
    assertThat(smartphones.size() - 1 - smartphoneDistricts).isEqualTo(provinceRows);

    for (List<String> row : population.subList(1, population.size())) {
      assertThat(row).hasSize(3);
      assertThat(row.get(2)).matches("\\d{1,3}([., ]\\d{3})*|\\d+");
      if (!row.get(1).isBlank()) {
        assertThat(count(row.get(2))).isBetween(5_000L, 1_000_000L);
      }
    }
  }

  @Test
  void censusDenominatorsAreConsistent() throws IOException {
    Country units = Country.load();
    CensusTables census = new CensusTables(units, 42);
    assertThat(units.districts()).hasSize(705);
    for (Country.District d : units.districts()) {
      int i = d.index();
      assertThat(census.population[i]).isBetween(5_000L, 1_000_000L);
      assertThat((double) census.smartphones[i] / census.population[i]).isBetween(0.449, 0.751);
      assertThat((double) census.adults[i] / census.population[i]).isBetween(0.65, 0.75);
    }
    for (Country.Province p : units.provinces()) {
      long[] row = census.provinceRow[p.index()];
      if (row == null) {
        continue;
      }
      long districtSum = p.districts().stream().mapToLong(d -> census.population[d.index()]).sum();
      assertThat(row[0]).isGreaterThan(districtSum).isLessThanOrEqualTo((long) (districtSum * 1.02) + 1);
    }
  }

  @Test
  void aSampleCensusPutsThePhonesAtAboutFifteenPercentOfThePopulation() throws IOException {
    Country units = Country.load();
    CensusTables country = new CensusTables(units, 42);
    CensusTables sample = new CensusTables(units, 42, CensusTables.sampleScale(units, 20_000));
    long people = 0;
    long countryPeople = 0;
    for (Country.District d : units.districts()) {
      int i = d.index();
      assertThat(sample.population[i]).isPositive();
      assertThat(sample.smartphones[i]).isLessThanOrEqualTo(sample.population[i]);
      people += sample.population[i];
      countryPeople += country.population[i];
    }
    assertThat(20_000.0 / people).isBetween(0.14, 0.16);
    assertThat(countryPeople).isGreaterThan(90_000_000L);
    assertThat(CensusTables.sampleScale(units, 50_000_000)).isEqualTo(1.0);
    assertThatThrownBy(() -> new CensusTables(units, 42, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void logsCarryTheMessyCases() throws IOException {
    StringBuilder json = new StringBuilder();
    StringBuilder csv = new StringBuilder();
    Set<String> csvHeaders = new TreeSet<>();
    boolean bom = false;
    boolean crlf = false;
    for (String file : relativeFiles(summary.installsDir())) {
      byte[] bytes = bytes(summary.installsDir().resolve(file));
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (file.contains(".csv")) {
        bom |= text.startsWith("\uFEFF");
        crlf |= text.contains("\r\n");
        csvHeaders.add(text.lines().findFirst().orElseThrow());
        csv.append(text);
      } else {
        json.append(text);
      }
    }
    assertThat(bom).as("a CSV file with a BOM").isTrue();
    assertThat(crlf).as("a CSV file with CRLF").isTrue();
    assertThat(csvHeaders).as("CSV column orders").hasSizeGreaterThanOrEqualTo(4);
    String all = json + "\n" + csv;
    assertThat(json.toString()).containsPattern("\"event_time\": ?\\d{13}[,}]"); // a JSON number
    assertThat(json.toString()).containsPattern("(?m)^\\{[^\\n]*[^}]$"); // a line cut short
    assertThat(json.toString()).containsPattern("\"phone\": ?null");
    assertThat(json.toString()).containsPattern("\"(referrer|ab_bucket)\"");
    assertThat(all).containsPattern("\\+84 \\(0\\) \\d{3} \\d{3} \\d{3}");
    assertThat(all).containsPattern("\\b01\\d{2} \\d{3} \\d{4}\\b"); // legacy 11-digit
    assertThat(all).containsPattern("\\d{4}\u00A0\\d{3}\u00A0\\d{3}");
    assertThat(all).containsPattern("2021-05-06T17:00:00\\+07:00|2021-05-06[ T]17:00:00\\b|2021-05-06T10:00:00Z|1620295200000");
    assertThat(all).containsPattern("Atlantis|Mars");
    assertThat(all).containsPattern("Khu V(ự|u)c 51");
    assertThat(all).contains("yesterday");
  }

  @Test
  void replacesOnlyItsOwnFolders() throws IOException {
    Path out = tmp.resolve("out");
    Files.createDirectories(out.resolve("installs/date=1999-01-01"));
    Files.writeString(out.resolve("installs/date=1999-01-01/stale.jsonl"), "{}\n");
    Files.createDirectories(out.resolve("census"));
    Files.writeString(out.resolve("census/stale.csv"), "province,district,population\n");
    Files.writeString(out.resolve("keep.txt"), "mine");

    LandingSetGenerator.generate(out, new Options(10, 1, 7, END_DATE, ZONE));

    assertThat(out.resolve("installs/date=1999-01-01")).doesNotExist();
    assertThat(out.resolve("census/stale.csv")).doesNotExist();
    assertThat(out.resolve("keep.txt")).hasContent("mine");
    assertThat(relativeFiles(out.resolve("installs")))
        .allMatch(name -> name.startsWith("date=2021-05-06/"))
        .hasSize(4);
  }

  @Test
  void splitsLargeFilesIntoParts() throws IOException {
    Path out = tmp.resolve("split");
    Summary split = LandingSetGenerator.generate(out, options(42), 200);

    assertThat(split.installRows()).isEqualTo(summary.installRows());
    assertThat(split.files()).isGreaterThan(summary.files());
    assertThat(out.resolve("installs/date=2021-05-06/part-00001.jsonl")).exists();
  }

  @Test
  void rejectsOptionsOutOfRange() {
    assertThatThrownBy(() -> new Options(0, 3, 1, END_DATE, ZONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot generate landing set: phones must be at least 1, got 0.");
    assertThatThrownBy(() -> new Options(10, 0, 1, END_DATE, ZONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot generate landing set: days must be at least 1, got 0.");
  }

  private static long count(String text) {
    return Long.parseLong(text.replaceAll("[., ]", ""));
  }

  private static List<String> relativeFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  private static String extensionOf(String name) {
    String file = name.substring(name.lastIndexOf('/') + 1);
    return file.substring(file.indexOf('.'));
  }

  private static byte[] bytes(Path file) throws IOException {
    try (InputStream in = file.toString().endsWith(".gz")
        ? new GZIPInputStream(Files.newInputStream(file))
        : Files.newInputStream(file)) {
      return in.readAllBytes();
    }
  }

  private static List<String> lines(Path file) throws IOException {
    return new String(bytes(file), StandardCharsets.UTF_8).lines().toList();
  }

  private static List<List<String>> csvRows(Path file) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (String line : lines(file)) {
      rows.add(CsvText.parseLine(line));
    }
    return rows;
  }
}
