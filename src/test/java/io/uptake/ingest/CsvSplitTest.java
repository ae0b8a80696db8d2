package io.uptake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The parser's split of a CSV record equals commons-csv's RFC 4180 reading of it, quoted or not. */
class CsvSplitTest {

  private static List<String> commonsCsv(String record) {
    try (CSVParser parser = CSVParser.parse(record, CSVFormat.RFC4180)) {
      List<CSVRecord> records = parser.getRecords();
      return records.size() == 1 ? records.get(0).toList() : null;
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      return null;
    }
  }

  @Test
  void equalsAnRfc4180ParserOnGeneratedRecords() {
    Random random = new Random(4180);
    String[] pieces = {"a", "Hà Nội", "0912 345 678", "", " ", ",", "\"", "\"\"", "\n", "\r", "\t", "2021-05-06 10:00", "x\"y"};
    int unquoted = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder s = new StringBuilder();
      int n = random.nextInt(8);
      for (int k = 0; k < n; k++) {
        s.append(pieces[random.nextInt(random.nextInt(3) == 0 ? pieces.length : 7)]);
      }
      String record = s.toString();
      unquoted += record.indexOf('"') < 0 ? 1 : 0;
      assertThat(InstallFileParser.CsvRows.split(record)).as("'%s'", record).isEqualTo(commonsCsv(record));
    }
    assertThat(unquoted).as("records without a quote").isGreaterThan(10_000);
  }
}
