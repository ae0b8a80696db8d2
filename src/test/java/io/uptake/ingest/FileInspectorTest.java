package io.uptake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class FileInspectorTest {
  private static final String ROW = "{\"event_time\":\"2021-05-06T09:00:00Z\",\"phone\":\"0912345678\",\"province\":\"08\"}\n";

  @Test
  void aReadableFileHasTheChecksumOfItsBytes() throws Exception {
    byte[] bytes = ROW.repeat(3).getBytes(StandardCharsets.UTF_8);
    FileInspector.Report r = inspect("a.jsonl", bytes);
    assertThat(r.readable()).isTrue();
    assertThat(r.checksum()).isEqualTo(sha256(bytes));
    byte[] gz = gzip(bytes);
    assertThat(inspect("a.jsonl.gz", gz).readable()).isTrue();
    assertThat(inspect("a.jsonl.gz", gz).checksum()).as("of the bytes as delivered").isEqualTo(sha256(gz));
  }

  /**
   * The rows a file will give, counted by the parser's rules: the run's accounting compares bronze
   * with this number, so it must equal what the parser makes of the same bytes.
   */
  @Test
  void rowsAreCountedAsTheParserMakesThem() throws Exception {
    String json = ROW.replace("\n", "");
    String[][] cases = {
        // name, content, rows
        {"a.jsonl", ROW + "\n  \t\n" + ROW, "2"},
        {"b.jsonl", "\uFEFF" + json + "\r\n\f\r\n\u2003\r" + json + "\rnot json\n" + json, "4"},
        {"c.jsonl", "\n\n", "0"},
        {"d.csv", "event_time,phone,province\n2021-05-06T09:00:00Z,0912345678,08\n\n2021-05-06T09:00:00Z,\"09\n\n12\",08\n", "2"},
        {"e.csv", "event_time,phone,province\r\n\"2021-05-06\r\nT09\",1,2\r\n3,4\r\n\"open,5,6\n", "3"},
        {"f.csv", "\"event_time\",\"phone\",\"province\"\n\n \n", "0"},
        {"g.csv", "event_time,phone,province\n\u00A0\n1,2,3", "2"},
    };
    for (String[] c : cases) {
      byte[] bytes = c[1].getBytes(StandardCharsets.UTF_8);
      long parsed = 0;
      for (var it = InstallFileParser.rows(c[0], new ByteArrayInputStream(bytes)); it.hasNext(); it.next()) {
        parsed++;
      }
      FileInspector.Report r = inspect(c[0], bytes);
      assertThat(r.rows()).as("%s: the parser's count", c[0]).isEqualTo(parsed);
      assertThat(r.rows()).as("%s", c[0]).isEqualTo(Long.parseLong(c[2]));
      assertThat(r.empty()).as("%s empty", c[0]).isEqualTo(r.rows() == 0);
      assertThat(inspect(c[0] + ".gz", gzip(bytes)).rows()).as("%s gzipped", c[0]).isEqualTo(parsed);
    }
  }

  @Test
  void truncatedGzipIsRejectedAndStillChecksummedWhole() throws Exception {
    byte[] gz = gzip(ROW.repeat(2000).getBytes(StandardCharsets.UTF_8));
    byte[] cut = Arrays.copyOf(gz, gz.length / 2);
    FileInspector.Report r = inspect("b.csv.gz", cut);
    assertThat(r.rejected()).isEqualTo(FileInspector.Reason.TRUNCATED_GZIP);
    assertThat(r.checksum()).isEqualTo(sha256(cut));
    assertThat(inspect("empty.csv.gz", new byte[0]).rejected()).isEqualTo(FileInspector.Reason.TRUNCATED_GZIP);
  }

  @Test
  void corruptGzipIsRejected() throws Exception {
    byte[] gz = gzip(ROW.repeat(50).getBytes(StandardCharsets.UTF_8));
    gz[gz.length - 6] ^= 0x55; // the CRC in the trailer
    FileInspector.Report r = inspect("c.jsonl.gz", gz);
    assertThat(r.rejected()).isEqualTo(FileInspector.Reason.CORRUPT_GZIP);
    assertThat(r.checksum()).isEqualTo(sha256(gz));
  }

  @Test
  void invalidUtf8IsRejectedAtItsExactLine() throws Exception {
    // Long lines put the bad byte well past the first 64 KB buffer.
    String line = "08,0912345678,2021-05-06T09:00:00Z," + "x".repeat(200) + "\n";
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write("province,phone,event_time,note\n".getBytes(StandardCharsets.UTF_8));
    for (int i = 2; i < 1500; i++) {
      b.write(line.getBytes(StandardCharsets.UTF_8));
    }
    b.write("08,0912345678,2021-05-06T09:00:00Z,Tuy\u00EAn".getBytes(StandardCharsets.ISO_8859_1)); // line 1500: Latin-1
    b.write('\n');
    b.write(line.getBytes(StandardCharsets.UTF_8));
    FileInspector.Report r = inspect("d.csv", b.toByteArray());
    assertThat(r.rejected()).isEqualTo(FileInspector.Reason.INVALID_UTF8);
    assertThat(r.line()).isEqualTo(1500);
    assertThat(inspect("d.csv.gz", gzip(b.toByteArray())).line()).isEqualTo(1500);
    // Valid multi-byte characters are not faults, wherever the buffers split them.
    assertThat(inspect("e.csv", ("province,event_time\n" + "Tuyên Quang,Nà Hang\n".repeat(10_000)).getBytes(StandardCharsets.UTF_8))
        .readable()).isTrue();
  }

  @Test
  void aFileNotOfTheFormatItsNameSaysIsRejected() throws Exception {
    FileInspector.Report gzipAsCsv = inspect("g.csv", gzip("event_time,province\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(gzipAsCsv.rejected()).isEqualTo(FileInspector.Reason.WRONG_FORMAT);
    assertThat(gzipAsCsv.detail()).isEqualTo("gzip data, but the name does not end in .gz");
    FileInspector.Report plainAsGzip = inspect("c.jsonl.gz", ROW.getBytes(StandardCharsets.UTF_8));
    assertThat(plainAsGzip.rejected()).isEqualTo(FileInspector.Reason.WRONG_FORMAT);
    assertThat(plainAsGzip.detail()).isEqualTo("the name ends in .gz, but the data is not gzip");
    FileInspector.Report csvAsJson = inspect("h.jsonl", "event_time,province\n2021-05-06T09:00:00Z,08\n".getBytes(StandardCharsets.UTF_8));
    assertThat(csvAsJson.rejected()).isEqualTo(FileInspector.Reason.WRONG_FORMAT);
    assertThat(csvAsJson.detail()).isEqualTo("none of its 2 lines is a JSON object");
    FileInspector.Report jsonAsCsv = inspect("i.csv", ROW.repeat(3).getBytes(StandardCharsets.UTF_8));
    assertThat(jsonAsCsv.rejected()).isEqualTo(FileInspector.Reason.WRONG_FORMAT);
    assertThat(jsonAsCsv.line()).isEqualTo(1);
    // Bad lines among objects, even the first twenty, are faults of their rows, not of the file.
    assertThat(inspect("j.jsonl", ("garbage\n".repeat(20) + ROW).getBytes(StandardCharsets.UTF_8)).readable()).isTrue();
    // A "line" beyond any event's length is another kind of file (and must not fill the memory).
    FileInspector.Report huge = inspect("u.csv", new byte[FileInspector.MAX_LINE_BYTES + (1 << 17)]);
    assertThat(huge.rejected()).isEqualTo(FileInspector.Reason.WRONG_FORMAT);
    assertThat(huge.detail()).isEqualTo("a line longer than 16 MB");
  }

  @Test
  void aCsvHeaderMustNameEachRequiredColumnOnce() throws Exception {
    FileInspector.Report missing = inspect("k.csv", "\n event_time ,Phone\n2021-05-06T09:00:00Z,0912345678\n".getBytes(StandardCharsets.UTF_8));
    assertThat(missing.rejected()).isEqualTo(FileInspector.Reason.MISSING_COLUMN);
    assertThat(missing.detail()).isEqualTo("no 'province' among its 2 columns");
    assertThat(missing.line()).isEqualTo(2);
    FileInspector.Report repeated = inspect("l.csv", "province,event_time,PROVINCE\n08,x,08\n".getBytes(StandardCharsets.UTF_8));
    assertThat(repeated.rejected()).isEqualTo(FileInspector.Reason.BAD_HEADER);
    assertThat(repeated.detail()).isEqualTo("columns 1 and 3 repeat 'province'");
    // A CSV without a header has a data row there: its text (a phone number) never reaches a message.
    FileInspector.Report headerless = inspect("v.csv", "2021-05-06T09:00:00Z,0912345678,08\n".getBytes(StandardCharsets.UTF_8));
    assertThat(headerless.rejected()).isEqualTo(FileInspector.Reason.MISSING_COLUMN);
    assertThat(headerless.detail()).isEqualTo("no 'event_time' or 'province' among its 3 columns").doesNotContain("912345678");
    FileInspector.Report twice = inspect("w.csv", "event_time,province,0912345678,0912345678\n".getBytes(StandardCharsets.UTF_8));
    assertThat(twice.detail()).isEqualTo("columns 3 and 4 repeat a name");
    assertThat(inspect("m.csv", "\uFEFFProvince , EVENT_TIME\r\n08,2021-05-06T09:00:00Z\r\n".getBytes(StandardCharsets.UTF_8)).readable())
        .as("names are compared as the parser keys them").isTrue();
    FileInspector.Report classicMac = inspect("x.csv", "event_time,province\r2021-05-06T09:00:00Z,08\r".getBytes(StandardCharsets.UTF_8));
    assertThat(classicMac.readable()).as("lines end at \\r too, as the parser's readLine").isTrue();
    assertThat(classicMac.empty()).isFalse();
  }

  @Test
  void filesWithoutRowsAreEmptyNotRejected() throws Exception {
    for (String[] f : new String[][] {{"n.jsonl", ""}, {"o.jsonl", "\n  \r\n\n"}, {"p.csv", ""}, {"q.csv", "\uFEFF"},
        {"r.csv", "\uFEFFevent_time,province,phone\r\n"}}) {
      FileInspector.Report r = inspect(f[0], f[1].getBytes(StandardCharsets.UTF_8));
      assertThat(r.readable()).as(f[0]).isTrue();
      assertThat(r.empty()).as(f[0]).isTrue();
    }
    assertThat(inspect("s.csv", "event_time,province\n2021-05-06T09:00:00Z,08\n".getBytes(StandardCharsets.UTF_8)).empty()).isFalse();
    assertThat(inspect("t.jsonl", ROW.getBytes(StandardCharsets.UTF_8)).empty()).isFalse();
  }

  @Test
  void aStorageErrorIsNotAFaultOfTheFile() {
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("Connection reset");
      }
    };
    assertThatThrownBy(() -> FileInspector.inspect("f.jsonl", failing)).isInstanceOf(IOException.class)
        .hasMessage("Connection reset");
  }

  private static FileInspector.Report inspect(String name, byte[] bytes) throws IOException {
    return FileInspector.inspect("file:/landing/date=2021-05-06/" + name, new ByteArrayInputStream(bytes));
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(bytes);
    }
    return gz.toByteArray();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
