package io.uptake.ingest;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * Reads each candidate landing file once, on the executors, before anything is written: its SHA-256
 * (of the bytes as delivered) and whether it can be read at all as its name says (gzip that
 * decompresses to the end, UTF-8 throughout). A file that cannot is rejected as a whole, with the
 * reason and line; faults inside readable lines stay faults of their rows, for quarantine.
 */
public final class FileInspector {
  private FileInspector() {}

  /** Why a whole file is rejected. */
  public enum Reason {
    TRUNCATED_GZIP("truncated_gzip", "the gzip data ends early (truncated)"),
    CORRUPT_GZIP("corrupt_gzip", "the file is not gzip data, or the gzip data is corrupt"),
    INVALID_UTF8("invalid_utf8", "the file is not valid UTF-8");

    private final String code;
    private final String description;

    Reason(String code, String description) {
      this.code = code;
      this.description = description;
    }

    public String code() {
      return code;
    }

    public String description() {
      return description;
    }
  }

  /**
   * What reading a file found: its checksum and, for a file that cannot be read, the reason and the
   * line (1-based; 0 when the fault is before the first line).
   */
  public record Report(String path, String checksum, Reason rejected, long line, String detail) implements Serializable {
    public boolean readable() {
      return rejected == null;
    }
  }

  /** Path → report, for every path; one small row per file comes back to the driver. */
  static Map<String, Report> inspect(SparkSession spark, List<String> paths) {
    Map<String, Report> out = new LinkedHashMap<>();
    if (paths.isEmpty()) {
      return out;
    }
    SerializableHadoopConf conf = new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
    int partitions = Math.max(1, Math.min(paths.size(), spark.sparkContext().defaultParallelism() * 4));
    MapFunction<String, Report> inspect = path -> {
      Path p = new Path(path);
      try (InputStream in = p.getFileSystem(conf.get()).open(p)) {
        return inspect(path, in);
      }
    };
    for (Report r : spark.createDataset(paths, Encoders.STRING()).repartition(partitions)
        .map(inspect, Encoders.javaSerialization(Report.class)).collectAsList()) {
      out.put(r.path(), r);
    }
    return out;
  }

  /**
   * Reads a whole file. Data faults become a rejecting report; any other I/O error (storage that
   * does not answer, permissions) is thrown: that is the environment, not the file.
   */
  static Report inspect(String path, InputStream raw) throws IOException {
    MessageDigest sha = sha256();
    DigestInputStream digesting = new DigestInputStream(raw, sha);
    Reason reason = null;
    String detail = null;
    long line = 0;
    try {
      InputStream data = InstallFileFormat.isGzip(path) ? new GZIPInputStream(digesting, 1 << 16) : digesting;
      line = firstUndecodableLine(data);
      if (line > 0) {
        reason = Reason.INVALID_UTF8;
      }
    } catch (EOFException e) {
      reason = Reason.TRUNCATED_GZIP;
    } catch (ZipException e) {
      reason = Reason.CORRUPT_GZIP;
      detail = e.getMessage();
    }
    if (reason != null) {
      // The checksum is of the whole file as delivered, whatever the fault.
      byte[] rest = new byte[1 << 16];
      while (digesting.read(rest) >= 0) {
        // drain
      }
    }
    return new Report(path, HexFormat.of().formatHex(sha.digest()), reason, reason == Reason.INVALID_UTF8 ? line : 0,
        detail);
  }

  /**
   * Splits the bytes on '\n' (never part of a multi-byte UTF-8 sequence) and decodes each line
   * strictly, so the line reported is exact. Returns 0 when every line decodes.
   */
  private static long firstUndecodableLine(InputStream in) throws IOException {
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    LineBuffer current = new LineBuffer();
    byte[] buffer = new byte[1 << 16];
    long line = 1;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buffer[i] == '\n') {
          current.write(buffer, start, i - start);
          if (!decodes(utf8, current)) {
            return line;
          }
          current.reset();
          line++;
          start = i + 1;
        }
      }
      current.write(buffer, start, n - start);
    }
    return decodes(utf8, current) ? 0 : line;
  }

  private static boolean decodes(CharsetDecoder utf8, LineBuffer line) {
    if (line.ascii()) {
      return true;
    }
    try {
      utf8.reset().decode(line.view());
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** A line's bytes, decoded in place (no copy per line: a rebuild reads millions). */
  private static final class LineBuffer extends ByteArrayOutputStream {
    LineBuffer() {
      super(256);
    }

    ByteBuffer view() {
      return ByteBuffer.wrap(buf, 0, count);
    }

    boolean ascii() {
      for (int i = 0; i < count; i++) {
        if (buf[i] < 0) {
          return false;
        }
      }
      return true;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
