package io.uptake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uptake.error.UptakeException;
import io.uptake.geo.AdminUnits;
import io.uptake.geo.AreaResolver;
import io.uptake.geo.Reference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Census reading and every contradiction that must stop a run (the warehouse side is in NightlyRunFailureTest). */
class CensusReaderTest {
  private static final AreaResolver AREAS = AreaResolver.create(AdminUnits.bundled(), Reference.aliases(null));
  private static final List<String> REQUIRED = List.of("population", "smartphones");

  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "128.863|128863", "128,863|128863", "128 863|128863", "128\u00a0863|128863", "128863|128863",
      "1.234.567|1234567", "1,234,567|1234567", "0|0", "999|999", "' 42 '|42"})
  void countsTakeTheThousandsSeparatorsOfSpreadsheets(String cell, long expected) {
    assertThat(CensusReader.parseCount(cell, "f.csv", 2, "population")).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "-5|population is '-5': a count cannot be negative",
      "12,5|population is '12,5': not an integer count",
      "1.5|population is '1.5': not an integer count",
      "128.863,5|population is '128.863,5': not an integer count",
      "1.234,567|population is '1.234,567': not an integer count",
      "abc|population is 'abc': not an integer count",
      "1e6|population is '1e6': not an integer count"})
  void negativeOrNonIntegerCountsStopWithFileLineAndValue(String cell, String message) {
    assertThatThrownBy(() -> CensusReader.parseCount(cell, "census/p.csv", 7, "population"))
        .isInstanceOf(UptakeException.class)
        .hasMessageStartingWith("Cannot use census census/p.csv line 7: " + message);
  }

  @Test
  void readsFilesResolvesNamesAndMergesDenominators() throws IOException {
    write("a.csv", "\uFEFFprovince,district,population\r\nHà Nội,,8.200.000\r\nHa Noi,Quận Ba Đình,\"221,893\"\r\n");
    write("b.csv", "district,province,smartphones,adults_18_plus\n001,1,150 000,\n,Thành phố Hà Nội,5.000.000,6000000\n");
    CensusTable table = read();
    assertThat(table.denominators()).containsExactly("population", "smartphones", "adults_18_plus");
    assertThat(table.entries()).extracting(e -> e.provinceCode() + "/" + e.districtCode() + "/" + e.denominator() + "=" + e.value())
        .containsExactlyInAnyOrder("01/null/population=8200000", "01/001/population=221893", "01/001/smartphones=150000",
            "01/null/smartphones=5000000", "01/null/adults_18_plus=6000000");
  }

  @Test
  void theSameValueGivenTwiceIsNotAContradiction() throws IOException {
    write("a.csv", "province,district,population,smartphones\n01,001,100,7\n");
    write("b.csv", "province,district,population\nHà Nội,Ba Đình,100\n");
    assertThat(read().entries()).hasSize(2);
  }

  @Test
  void theSameAreaAndDenominatorWithTwoValuesStops() throws IOException {
    write("a.csv", "province,district,population,smartphones\n01,001,100,50\n");
    write("b.csv", "province,district,population\nHà Nội,Quận Ba Đình,101\n");
    assertThatThrownBy(this::read).isInstanceOf(UptakeException.class)
        .hasMessageStartingWith("Cannot use census " + dir.resolve("b.csv"))
        .hasMessageContaining("line 2: population of Quận Ba Đình is 101, but ")
        .hasMessageContaining("a.csv line 2 gives 100");
  }

  @Test
  void aProvinceThatDoesNotResolveStops() throws IOException {
    write("a.csv", "province,district,population,smartphones\nAtlantis,,100,50\n");
    assertThatThrownBy(this::read).isInstanceOf(UptakeException.class)
        .hasMessageContaining("a.csv line 2: province 'Atlantis' matches no province");
  }

  @Test
  void aDistrictThatDoesNotResolveInItsProvinceStops() throws IOException {
    write("a.csv", "province,district,population,smartphones\n87,Cao Lãnh,100,50\n");
    assertThatThrownBy(this::read).isInstanceOf(UptakeException.class)
        .hasMessageContaining("a.csv line 2: district 'Cao Lãnh' matches no district (or more than one) of province 87");
  }

  @Test
  void districtsSummingAboveTheirProvinceRowStop() throws IOException {
    write("a.csv", "province,district,population,smartphones\n08,,1000,500\n08,Na Hang,600,100\n08,Lâm Bình,500,100\n");
    assertThatThrownBy(this::read).isInstanceOf(UptakeException.class)
        .hasMessageContaining("a.csv line 2: the districts of Tỉnh Tuyên Quang sum to 1100 population, above the province's own row (1000)");
  }

  @Test
  void aRequiredDenominatorMissingEverywhereStops() throws IOException {
    write("a.csv", "province,district,population\n08,,1000\n");
    assertThatThrownBy(this::read).isInstanceOf(UptakeException.class)
        .hasMessageContaining("no file has a value in a 'smartphones' column");
  }

  @Test
  void aFileWithoutTheAreaColumnsStops() throws IOException {
    write("a.csv", "tinh,population,smartphones\n08,1000,500\n");
    assertThatThrownBy(this::read).isInstanceOf(UptakeException.class)
        .hasMessageContaining("a.csv line 1: the header [tinh, population, smartphones] lacks a 'province' column");
  }

  @Test
  void aCountColumnNamedLikeAGoldColumnStopsBeforeAnyWork() throws IOException {
    write("a.csv", "province,district,population,smartphones,phones\n08,,1000,500,3\n");
    assertThatThrownBy(this::read).isInstanceOf(UptakeException.class)
        .hasMessageContaining("a.csv line 1: count column 'phones' has the name of a gold table column; rename it");
    write("a.csv", "province,district,population,smartphones,phones_per_x\n08,,1000,500,3\n");
    assertThatThrownBy(this::read).hasMessageContaining("count column 'phones_per_x' has the name of a gold table column");
  }

  @Test
  void aRequiredColumnWithoutAnyValueStops() throws IOException {
    write("a.csv", "province,district,population,smartphones\n08,,1000,\n");
    assertThatThrownBy(this::read).hasMessageContaining("no file has a value in a 'smartphones' column");
  }

  @Test
  void theLastLineIsNamedRightWithoutATrailingNewline() throws IOException {
    write("a.csv", "province,district,population,smartphones\n08,,1000,500\n08,Na Hang,abc,1");
    assertThatThrownBy(this::read).hasMessageContaining("a.csv line 3: population is 'abc'");
  }

  @Test
  void aTruncatedGzipCensusIsBadInputNamingTheFile() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var gz = new java.util.zip.GZIPOutputStream(bytes)) {
      gz.write(("province,district,population,smartphones\n" + "08,,1000,500\n".repeat(400)).getBytes(StandardCharsets.UTF_8));
    }
    Files.write(dir.resolve("c.csv.gz"), java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2));
    assertThatThrownBy(this::read).isInstanceOf(UptakeException.class)
        .hasMessageStartingWith("Cannot read census " + dir.resolve("c.csv.gz") + ": the gzip data is truncated or corrupt");
  }

  private CensusTable read() {
    return CensusReader.read(new Configuration(), dir.toString(), AREAS, REQUIRED);
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }
}
