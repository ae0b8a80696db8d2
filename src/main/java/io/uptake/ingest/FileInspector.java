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
    INVALID_UTF8("invalid_utf8", "the file is not valid UTF-8"),
    WRONG_FORMAT("wrong_format", "the file is not the format its name says"),
    MISSING_COLUMN("missing_column", "the CSV header lacks a required column"),
    BAD_HEADER("bad_header", "the CSV header cannot be used");

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

  /** Columns a CSV header must name: without them no row of the file could count. */
  static final java.util.Set<String> REQUIRED_CSV_COLUMNS = new java.util.LinkedHashSet<>(
      List.of(io.uptake.schema.BronzeInstalls.F_EVENT_TIME, io.uptake.schema.BronzeInstalls.F_PROVINCE));
  private static final int SNIFFED_LINES = 10;
  // No install event is near this long; a longer "line" is some other kind of file, and bounds memory.
  static final int MAX_LINE_BYTES = 16 << 20;

  /**
   * What reading a file found: its checksum; for a file that cannot be read, the reason and the
   * line (1-based; 0 when the fault is not at one line); {@code empty} when it has no rows (no
   * line, or a CSV header alone), which is an outcome, not a fault. {@code rows}: the rows the parser
   * will make of a readable file, counted here by the parser's rules but not by its code (non-blank
   * lines of JSON Lines; CSV records, a quoted field's line breaks included, after the header): the
   * run's accounting checks bronze against it.
   */
  public record Report(String path, String checksum, Reason rejected, long line, String detail, boolean empty, long rows)
      implements Serializable {
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
    java.io.PushbackInputStream peek = new java.io.PushbackInputStream(digesting, 2);
    Reason reason = null;
    String detail = null;
    long line = 0;
    boolean empty = false;
    long rows = 0;
    GZIPInputStream gzip = null;
    try {
      boolean gzipName = InstallFileFormat.isGzip(path);
      int magic = gzipMagic(peek);
      if (!gzipName && magic == 1) {
        reason = Reason.WRONG_FORMAT;
        detail = "gzip data, but the name does not end in .gz";
      } else if (gzipName && magic == 0) {
        reason = Reason.WRONG_FORMAT;
        detail = "the name ends in .gz, but the data is not gzip";
      } else {
        InputStream data = peek;
        if (gzipName) {
          gzip = new GZIPInputStream(peek, 1 << 16);
          data = gzip;
        }
        Scan scan = scan(data);
        if (scan.badLine > 0) {
          reason = Reason.INVALID_UTF8;
          line = scan.badLine;
        } else if (scan.tooLong > 0) {
          reason = Reason.WRONG_FORMAT;
          detail = "a line longer than " + (MAX_LINE_BYTES >> 20) + " MB";
          line = scan.tooLong;
        } else {
          Fault fault = InstallFileFormat.of(path) == InstallFileFormat.JSONL ? jsonFault(scan) : csvFault(scan);
          if (fault != null) {
            reason = fault.reason();
            detail = fault.detail();
            line = fault.line();
          } else {
            boolean csv = InstallFileFormat.of(path) == InstallFileFormat.CSV;
            rows = csv ? Math.max(0, scan.csvRecords - 1) : scan.nonBlank;
            empty = rows == 0;
          }
        }
      }
    } catch (EOFException e) {
      reason = Reason.TRUNCATED_GZIP;
    } catch (ZipException e) {
      reason = Reason.CORRUPT_GZIP;
      detail = e.getMessage();
    }
    // The checksum is of the whole file as delivered, whatever was found early.
    byte[] rest = new byte[1 << 16];
    while (digesting.read(rest) >= 0) {
      // drain
    }
    if (gzip != null) {
      gzip.close(); // frees the inflater now, not at garbage collection
    }
    return new Report(path, HexFormat.of().formatHex(sha.digest()), reason, line, detail, empty, rows);
  }

  private record Fault(Reason reason, String detail, long line) {}

  /** JSON Lines: a file none of whose lines is an object is some other format; bad lines among objects are rows. */
  private static Fault jsonFault(Scan scan) {
    if (scan.nonBlank == 0 || scan.jsonObjectLines > 0) {
      return null;
    }
    return new Fault(Reason.WRONG_FORMAT, "none of its " + scan.nonBlank + " lines is a JSON object", 0);
  }

  /**
   * CSV: the header must be a CSV line naming each required column once. Messages never repeat the
   * header's text: a file without a header has a data row there, phone number included.
   */
  private static Fault csvFault(Scan scan) {
    if (scan.first.isEmpty()) {
      return null;
    }
    Scan.Line header = scan.first.get(0);
    String text = header.text().strip();
    if (text.startsWith("{") || text.startsWith("[")) {
      return new Fault(Reason.WRONG_FORMAT, "its first line is JSON, not a CSV header", header.number());
    }
    List<String> fields = InstallFileParser.csvHeader(header.text());
    if (fields == null) {
      return new Fault(Reason.BAD_HEADER, "not valid CSV", header.number());
    }
    for (int i = 0; i < fields.size(); i++) {
      if (fields.lastIndexOf(fields.get(i)) != i) {
        String name = io.uptake.schema.BronzeInstalls.KNOWN_FIELDS.contains(fields.get(i)) ? "'" + fields.get(i) + "'" : "a name";
        return new Fault(Reason.BAD_HEADER, "columns " + (i + 1) + " and " + (fields.lastIndexOf(fields.get(i)) + 1)
            + " repeat " + name, header.number());
      }
    }
    List<String> missing = REQUIRED_CSV_COLUMNS.stream().filter(c -> !fields.contains(c)).toList();
    if (!missing.isEmpty()) {
      return new Fault(Reason.MISSING_COLUMN, "no " + String.join(" or ", missing.stream().map(c -> "'" + c + "'").toList())
          + " among its " + fields.size() + " columns", header.number());
    }
    return null;
  }

  /** 1: gzip's magic bytes; 0: other bytes; -1: no bytes (an empty file). */
  private static int gzipMagic(java.io.PushbackInputStream in) throws IOException {
    byte[] two = new byte[2];
    int n = in.readNBytes(two, 0, 2);
    if (n > 0) {
      in.unread(two, 0, n);
    }
    if (n == 0) {
      return -1;
    }
    return n == 2 && (two[0] & 0xff) == 0x1f && (two[1] & 0xff) == 0x8b ? 1 : 0;
  }

  /** One pass over the lines: the first undecodable one, how many are not blank, the first few. */
  private static final class Scan {
    record Line(long number, String text) {}

    long badLine;
    long tooLong;
    long nonBlank;
    long jsonObjectLines;
    // CSV records as the parser assembles them: from a non-blank line on, until its quotes balance.
    long csvRecords;
    boolean inQuotedField;
    final List<Line> first = new java.util.ArrayList<>();
  }

  /**
   * Splits the bytes on '\n' (never part of a multi-byte UTF-8 sequence) and decodes each line
   * strictly, so the line reported is exact; stops at the first line that does not decode.
   */
  private static Scan scan(InputStream in) throws IOException {
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    Scan scan = new Scan();
    LineBuffer current = new LineBuffer();
    byte[] buffer = new byte[1 << 16];
    long line = 1;
    boolean afterCr = false;
    boolean atStart = true;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      int start = 0;
      if (atStart && n >= 3 && (buffer[0] & 0xff) == 0xef && (buffer[1] & 0xff) == 0xbb && (buffer[2] & 0xff) == 0xbf) {
        start = 3; // the byte-order mark, at the very start only (as the parser skips it)
      }
      atStart = false;
      for (int i = start; i < n; i++) {
        byte b = buffer[i];
        if (b == '\n' && afterCr) {
          afterCr = false;
          start = i + 1; // the \n of a \r\n
          continue;
        }
        afterCr = b == '\r';
        if (b == '\n' || b == '\r') {
          current.write(buffer, start, i - start);
          if (!take(scan, utf8, current, line)) {
            return scan;
          }
          current.reset();
          line++;
          start = i + 1;
        }
      }
      current.write(buffer, start, n - start);
      if (current.size() > MAX_LINE_BYTES) {
        scan.tooLong = line;
        return scan;
      }
    }
    if (current.size() > 0) {
      take(scan, utf8, current, line);
    }
    return scan;
  }

  /** Records one line; false (and the line in {@code scan.badLine}) when it does not decode. */
  private static boolean take(Scan scan, CharsetDecoder utf8, LineBuffer bytes, long line) {
    if (!decodes(utf8, bytes)) {
      scan.badLine = line;
      return false;
    }
    boolean oddQuotes = bytes.quotes() % 2 == 1;
    boolean blank = bytes.blank();
    if (scan.inQuotedField) {
      // Inside a quoted field every line, blank or not, belongs to the record begun above.
      scan.inQuotedField = !oddQuotes;
    } else if (!blank) {
      scan.csvRecords++;
      scan.inQuotedField = oddQuotes;
    }
    if (blank) {
      return true;
    }
    scan.nonBlank++;
    if (bytes.firstNonSpace() == '{') {
      scan.jsonObjectLines++;
    }
    if (scan.first.size() < SNIFFED_LINES) {
      scan.first.add(new Scan.Line(line, new String(bytes.toByteArray(), StandardCharsets.UTF_8)));
    }
    return true;
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

    /** Blank as the parser's {@code String.isBlank} sees it (Unicode white space included). */
    boolean blank() {
      boolean ascii = true;
      for (int i = 0; i < count; i++) {
        if (buf[i] < 0) {
          ascii = false;
        } else if (!Character.isWhitespace(buf[i])) {
          return false;
        }
      }
      return ascii || new String(buf, 0, count, StandardCharsets.UTF_8).isBlank();
    }

    /** '"' bytes: never part of a multi-byte UTF-8 sequence. */
    int quotes() {
      int n = 0;
      for (int i = 0; i < count; i++) {
        if (buf[i] == '"') {
          n++;
        }
      }
      return n;
    }

    int firstNonSpace() {
      for (int i = 0; i < count; i++) {
        if (buf[i] != ' ' && buf[i] != '\t') {
          return buf[i];
        }
      }
      return -1;
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
