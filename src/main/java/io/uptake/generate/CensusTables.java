package io.uptake.generate;

import io.uptake.generate.Country.District;
import io.uptake.generate.Country.Province;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Population, smartphones and adults per district (and for about half the provinces a province
 * row slightly above the district sum), also used to weight where installs happen.
 */
final class CensusTables {

  static final String POPULATION_FILE = "population.csv";
  static final String SMARTPHONES_FILE = "smartphones.csv";

  static final long MIN_DISTRICT_POPULATION = 5_000;
  static final long MAX_DISTRICT_POPULATION = 1_000_000;
  /** A sample census puts the phones at this share of the population (published tables read 10-20%). */
  static final double SAMPLE_PHONES_PER_PERSON = 0.15;

  /** Approximate 2019 census population in thousands, by GSO province code: only a weighting. */
  private static final Map<String, Integer> PROVINCE_POPULATION_THOUSANDS = Map.ofEntries(
      Map.entry("01", 8054), Map.entry("02", 855), Map.entry("04", 530), Map.entry("06", 314),
      Map.entry("08", 785), Map.entry("10", 731), Map.entry("11", 599), Map.entry("12", 461),
      Map.entry("14", 1249), Map.entry("15", 822), Map.entry("17", 855), Map.entry("19", 1287),
      Map.entry("20", 782), Map.entry("22", 1321), Map.entry("24", 1804), Map.entry("25", 1464),
      Map.entry("26", 1152), Map.entry("27", 1369), Map.entry("30", 1893), Map.entry("31", 2029),
      Map.entry("33", 1253), Map.entry("34", 1861), Map.entry("35", 853), Map.entry("36", 1781),
      Map.entry("37", 983), Map.entry("38", 3641), Map.entry("40", 3328), Map.entry("42", 1289),
      Map.entry("44", 896), Map.entry("45", 633), Map.entry("46", 1129), Map.entry("48", 1135),
      Map.entry("49", 1496), Map.entry("51", 1232), Map.entry("52", 1487), Map.entry("54", 873),
      Map.entry("56", 1232), Map.entry("58", 591), Map.entry("60", 1231), Map.entry("62", 541),
      Map.entry("64", 1514), Map.entry("66", 1869), Map.entry("67", 623), Map.entry("68", 1297),
      Map.entry("70", 995), Map.entry("72", 1170), Map.entry("74", 2456), Map.entry("75", 3097),
      Map.entry("77", 1149), Map.entry("79", 8993), Map.entry("80", 1689), Map.entry("82", 1765),
      Map.entry("83", 1289), Map.entry("84", 1010), Map.entry("86", 1023), Map.entry("87", 1600),
      Map.entry("89", 1908), Map.entry("91", 1724), Map.entry("92", 1236), Map.entry("93", 734),
      Map.entry("94", 1200), Map.entry("95", 908), Map.entry("96", 1194));

  private final Country units;
  private final long seed;
  final long[] population;
  final long[] smartphones;
  final long[] adults;
  /** Province-level rows; null where the census has none for that province. */
  final long[][] provinceRow;
  private final long[] provinceCumulative;
  private final long[][] districtCumulative;

  CensusTables(Country units, long seed) {
    this(units, seed, 1.0);
  }

  /**
   * A census whose populations are the country's times {@code scale} (at most 1), district bounds
   * included; installs are drawn by the scaled populations.
   */
  CensusTables(Country units, long seed, double scale) {
    if (!(scale > 0 && scale <= 1)) {
      throw new IllegalArgumentException("census scale must be in (0, 1], got " + scale);
    }
    this.units = units;
    this.seed = seed;
    int n = units.districts().size();
    population = new long[n];
    smartphones = new long[n];
    adults = new long[n];
    provinceRow = new long[units.provinces().size()][];
    long[] provinceWeights = new long[units.provinces().size()];
    districtCumulative = new long[units.provinces().size()][];
    SplittableRandom r = Rng.stream(seed, 0x43454E53L);
    long min = Math.max(1, Math.round(MIN_DISTRICT_POPULATION * scale));
    long max = Math.round(MAX_DISTRICT_POPULATION * scale);
    for (Province p : units.provinces()) {
      double total = provincePopulation(p) * scale;
      double[] shares = new double[p.districts().size()];
      double sum = 0;
      for (int i = 0; i < shares.length; i++) {
        shares[i] = 0.35 + 1.3 * r.nextDouble();
        sum += shares[i];
      }
      long[] weights = new long[shares.length];
      long[] sums = new long[3];
      for (int i = 0; i < shares.length; i++) {
        int d = p.districts().get(i).index();
        long pop = Math.round(total * shares[i] / sum);
        population[d] = Math.max(min, Math.min(max, pop));
        smartphones[d] = Math.round(population[d] * (0.45 + 0.30 * r.nextDouble()));
        adults[d] = Math.round(population[d] * (0.66 + 0.08 * r.nextDouble()));
        weights[i] = population[d];
        sums[0] += population[d];
        sums[1] += smartphones[d];
        sums[2] += adults[d];
      }
      districtCumulative[p.index()] = Rng.cumulative(weights);
      provinceWeights[p.index()] = sums[0];
      if (r.nextBoolean()) {
        long[] row = new long[3];
        for (int c = 0; c < 3; c++) {
          // People the statistics office could not assign to a district: 0.1% to 2% on top.
          row[c] = sums[c] + (long) Math.floor(sums[c] * (0.001 + 0.019 * r.nextDouble()));
        }
        provinceRow[p.index()] = row;
      }
    }
    provinceCumulative = Rng.cumulative(provinceWeights);
  }

  /** The scale that makes {@code phones} about {@link #SAMPLE_PHONES_PER_PERSON} of the country's population. */
  static double sampleScale(Country units, long phones) {
    long country = units.provinces().stream().mapToLong(CensusTables::provincePopulation).sum();
    return Math.min(1.0, phones / (SAMPLE_PHONES_PER_PERSON * country));
  }

  private static long provincePopulation(Province p) {
    return PROVINCE_POPULATION_THOUSANDS.getOrDefault(p.code(), 1000) * 1000L;
  }

  /** A district drawn with probability proportional to its population. */
  District sampleDistrict(SplittableRandom r) {
    return sampleDistrictIn(units.provinces().get(Rng.pick(r, provinceCumulative)), r);
  }

  District sampleDistrictIn(Province p, SplittableRandom r) {
    return p.districts().get(Rng.pick(r, districtCumulative[p.index()]));
  }

  /** Writes population.csv and smartphones.csv (different column order) under {@code dir}. */
  List<Path> write(Path dir, NameVariants names) throws IOException {
    Files.createDirectories(dir);
    SplittableRandom r = Rng.stream(seed, 0x43454E53L, 1);
    List<String[]> populationRows = new ArrayList<>();
    List<String[]> smartphoneRows = new ArrayList<>();
    for (Province p : units.provinces()) {
      long[] row = provinceRow[p.index()];
      if (row != null) {
        populationRows.add(new String[] {names.province(p, r, true), "", count(row[0], r)});
        smartphoneRows.add(new String[] {"", names.province(p, r, true), count(row[1], r), count(row[2], r)});
      }
      for (District d : p.districts()) {
        int i = d.index();
        populationRows.add(new String[] {
          names.province(p, r, true), names.district(d, r, true), count(population[i], r)});
        smartphoneRows.add(new String[] {
          names.district(d, r, true), names.province(p, r, true), count(smartphones[i], r), count(adults[i], r)});
      }
    }
    shuffle(populationRows, r);
    shuffle(smartphoneRows, r);
    Path populationFile = dir.resolve(POPULATION_FILE);
    Path smartphonesFile = dir.resolve(SMARTPHONES_FILE);
    writeCsv(populationFile, new String[] {"province", "district", "population"}, populationRows);
    writeCsv(smartphonesFile, new String[] {"district", "province", "smartphones", "adults_18_plus"}, smartphoneRows);
    return List.of(populationFile, smartphonesFile);
  }

  /** A count as spreadsheets print it in Vietnamese (128.863) or English (128,863) locale, or bare. */
  static String count(long value, SplittableRandom r) {
    int roll = r.nextInt(100);
    char separator = roll < 30 ? '.' : roll < 60 ? ',' : roll < 75 ? ' ' : 0;
    String digits = Long.toString(value);
    if (separator == 0) {
      return digits;
    }
    StringBuilder sb = new StringBuilder();
    int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
    sb.append(digits, 0, lead);
    for (int i = lead; i < digits.length(); i += 3) {
      sb.append(separator).append(digits, i, i + 3);
    }
    return sb.toString();
  }

  private static void shuffle(List<String[]> rows, SplittableRandom r) {
    for (int i = rows.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      String[] t = rows.get(i);
      rows.set(i, rows.get(j));
      rows.set(j, t);
    }
  }

  private static void writeCsv(Path file, String[] header, List<String[]> rows) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(CsvText.line(header, false));
      w.write('\n');
      for (String[] row : rows) {
        w.write(CsvText.line(row, false));
        w.write('\n');
      }
    }
  }
}
