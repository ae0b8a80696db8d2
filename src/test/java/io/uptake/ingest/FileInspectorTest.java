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
  void aGzNameOverOtherBytesIsCorrupt() throws Exception {
    FileInspector.Report r = inspect("c.jsonl.gz", ROW.getBytes(StandardCharsets.UTF_8));
    assertThat(r.rejected()).isEqualTo(FileInspector.Reason.CORRUPT_GZIP);
    assertThat(r.detail()).isEqualTo("Not in GZIP format");
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
    assertThat(inspect("e.csv", "Tuyên Quang,Nà Hang\n".repeat(10_000).getBytes(StandardCharsets.UTF_8)).readable()).isTrue();
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
