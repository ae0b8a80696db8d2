package io.uptake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uptake.error.UptakeException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

class InstallFileParserTest {
  private static final int PARSE_ERROR = io.uptake.schema.BronzeInstalls.PARSED.fieldIndex(io.uptake.schema.BronzeInstalls.PARSE_ERROR);
  private static final int RAW_LINE = io.uptake.schema.BronzeInstalls.PARSED.fieldIndex(io.uptake.schema.BronzeInstalls.RAW_LINE);

  @TempDir
  Path dir;

  @Test
  void jsonLinesKeepLineNumbersExtraFieldsAndNumbersAsWritten() throws IOException {
    Path f = write("date=2021-05-06/a.jsonl",
        "{\"event_time\": 1620295199000, \"phone\": \"0912 345 678\", \"Province\": \"01\", \"device_id\": \"d1\"}\n"
            + "\n"
            + "{\"event_time\": \"2021-05-0\n"
            + "[1, 2]\n"
            + "{\"event_time\": \"2021-05-06 10:00:00\", \"phone\": null, \"province\": \"Hà Nội\", \"meta\": {\"a\": 1}}\n");
    List<Row> rows = parse(f);

    assertThat(rows).extracting(r -> r.getLong(1)).containsExactly(1L, 3L, 4L, 5L);
    Row first = rows.get(0);
    assertThat(first.getDate(2)).hasToString("2021-05-06");
    assertThat(first.getString(3)).isEqualTo("jsonl");
    assertThat(record(first)).containsEntry("event_time", "1620295199000")
        .containsEntry("phone", "0912 345 678")
        .containsEntry("province", "01")
        .containsEntry("device_id", "d1");
    assertThat(rows.get(1).getString(PARSE_ERROR)).isEqualTo("not valid JSON");
    assertThat(rows.get(1).getString(RAW_LINE)).isEqualTo("{\"event_time\": \"2021-05-0");
    assertThat(rows.get(2).getString(PARSE_ERROR)).isEqualTo("not a JSON object");
    assertThat(record(rows.get(3))).containsEntry("phone", null).containsEntry("meta", "{\"a\":1}");
  }

  @Test
  void csvWithBomCrlfQuotedFieldsAndAnyColumnOrder() throws IOException {
    Path f = write("b.csv", "\uFEFFprovince,Phone , event_time\r\n"
        + "\"Hà Nội\",\"0912,345,678\",2021-05-06T10:00:00Z\r\n"
        + "\r\n"
        + "79,0987654321\r\n"
        + "79,0987654321,2021-05-06T10:00:00Z,extra\r\n");
    List<Row> rows = parse(f);

    assertThat(rows).extracting(r -> r.getLong(1)).containsExactly(2L, 4L, 5L);
    assertThat(rows.get(0).getString(3)).isEqualTo("csv");
    assertThat(rows.get(0).isNullAt(2)).as("no date= folder").isTrue();
    assertThat(record(rows.get(0))).containsEntry("province", "Hà Nội")
        .containsEntry("phone", "0912,345,678")
        .containsEntry("event_time", "2021-05-06T10:00:00Z");
    assertThat(rows.get(1).getString(PARSE_ERROR)).isEqualTo("CSV row has 2 fields, the header has 3");
    assertThat(rows.get(2).getString(PARSE_ERROR)).isEqualTo("CSV row has 4 fields, the header has 3");
  }

  @Test
  void gzipFilesAreReadByExtension() throws IOException {
    Path f = dir.resolve("c.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      out.write("{\"event_time\":\"2021-05-06T10:00:00Z\",\"province\":\"01\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(parse(f)).hasSize(1).allSatisfy(r -> assertThat(record(r)).containsEntry("province", "01"));
  }

  @Test
  void truncatedGzipStopsWithTheFileName() throws IOException {
    Path good = dir.resolve("whole.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(good))) {
      out.write("province,phone,event_time\n01,0912345678,2021-05-06T10:00:00Z\n".repeat(200).getBytes(StandardCharsets.UTF_8));
    }
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = dir.resolve("truncated.csv.gz");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> parse(truncated))
        .isInstanceOf(UptakeException.class)
        .hasMessageStartingWith("Cannot read install log " + truncated)
        .hasMessageContaining("gzip data is truncated or corrupt");
  }

  @Test
  void invalidUtf8StopsWithTheFileAndLine() throws IOException {
    Path f = dir.resolve("latin1.csv");
    Files.write(f, "province,phone,event_time\n01,0912345678,2021-05-06T10:00:00Z\nH\u00e0 N\u00f4i,0912345678,x\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> parse(f))
        .isInstanceOf(UptakeException.class)
        .hasMessageContaining("Cannot read install log " + f)
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void landingDateComesFromTheDeepestDateFolder() {
    assertThat(InstallFileParser.landingDate("s3a://bucket/installs/date=2021-05-06/part-0.jsonl")).hasToString("2021-05-06");
    assertThat(InstallFileParser.landingDate("/x/installs/part-0.jsonl")).isNull();
    assertThat(InstallFileParser.landingDate("/x/date=2021-13-45/part-0.jsonl")).isNull();
  }

  @Test
  void formatIsToldByTheFileName() {
    assertThat(InstallFileFormat.of("a.JSONL.GZ")).isEqualTo(InstallFileFormat.JSONL);
    assertThat(InstallFileFormat.of("a.csv")).isEqualTo(InstallFileFormat.CSV);
    assertThat(InstallFileFormat.of("a.json")).isNull();
    assertThat(InstallFileFormat.of("README.md")).isNull();
  }

  private Path write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  private static List<Row> parse(Path f) throws IOException {
    List<Row> rows = new ArrayList<>();
    Iterator<Row> it = InstallLogReader.parseLocal(f);
    it.forEachRemaining(rows::add);
    return rows;
  }

  /** The row's fields: the known ones from their columns, the rest from the map beside them. */
  private static Map<String, String> record(Row r) {
    Map<String, String> fields = new java.util.HashMap<>();
    // The parser's rows carry no schema: columns by position.
    org.apache.spark.sql.types.StructType schema = io.uptake.schema.BronzeInstalls.PARSED;
    for (String known : io.uptake.schema.BronzeInstalls.KNOWN_FIELD_ORDER) {
      fields.put(known, r.getString(schema.fieldIndex(known)));
    }
    scala.collection.Map<String, String> extra = r.getMap(schema.fieldIndex(io.uptake.schema.BronzeInstalls.EXTRA_FIELDS));
    if (extra != null) {
      fields.putAll(JavaConverters.mapAsJavaMap(extra));
    }
    return fields;
  }
}
