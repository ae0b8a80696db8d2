package io.uptake.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.uptake.error.Errors;
import io.uptake.schema.BronzeInstalls;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.collection.JavaConverters;

/**
 * Reads one install log file into bronze rows, lazily, keeping each row's physical line number.
 * Spark's own JSON and CSV sources lose line numbers and take one CSV header for all files, while
 * here every CSV file has its own header in any column order.
 */
final class InstallFileParser {
  // Glued objects ({...}{...}) and duplicate keys are faults of the row, not silently dropped data.
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Pattern LANDING_DATE = Pattern.compile("(?:^|/)date=(\\d{4}-\\d{2}-\\d{2})(?:/|$)");

  private InstallFileParser() {}

  /** Rows of {@code BronzeInstalls.PARSED}; the stream is closed when the iterator is exhausted. */
  static Iterator<Row> rows(String path, InputStream raw) {
    InstallFileFormat format = InstallFileFormat.of(path);
    Date landingDate = landingDate(path);
    try {
      InputStream in = InstallFileFormat.isGzip(path) ? new GZIPInputStream(raw, 1 << 16) : raw;
      // Invalid UTF-8 is a file fault, not something to paper over with U+FFFD.
      Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT));
      BufferedReader buffered = new BufferedReader(reader, 1 << 16);
      skipBom(buffered);
      return format == InstallFileFormat.JSONL
          ? new JsonLines(path, landingDate, buffered)
          : new CsvRows(path, landingDate, buffered);
    } catch (IOException e) {
      closeQuietly(raw);
      throw fileError(path, 0, e);
    }
  }

  static Date landingDate(String path) {
    Matcher m = LANDING_DATE.matcher(path);
    Date found = null;
    while (m.find()) {
      try {
        found = Date.valueOf(m.group(1));
      } catch (IllegalArgumentException e) {
        found = null;
      }
    }
    return found;
  }

  private static void skipBom(BufferedReader r) throws IOException {
    r.mark(1);
    if (r.read() != '\uFEFF') {
      r.reset();
    }
  }

  static RuntimeException fileError(String path, long line, IOException e) {
    String reason;
    if (e instanceof CharacterCodingException) {
      reason = "the file is not valid UTF-8";
    } else if (e instanceof EOFException || e instanceof ZipException) {
      reason = "the gzip data is truncated or corrupt (" + e.getMessage() + ")";
    } else {
      reason = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return Errors.installFile(path, line, reason + "; fix or remove the file and rerun", e);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // Already failing; the first error is the one worth reporting.
    }
  }

  /** A bronze row: the known fields taken out of {@code record} into their columns, the rest kept as a map. */
  static Row row(String path, long line, Date landingDate, InstallFileFormat format,
      Map<String, String> record, String parseError, String rawLine) {
    if (record == null) {
      return RowFactory.create(path, line, landingDate, format.code(), null, null, null, null, null, parseError, rawLine);
    }
    String eventTime = record.remove(BronzeInstalls.F_EVENT_TIME);
    String phone = record.remove(BronzeInstalls.F_PHONE);
    String province = record.remove(BronzeInstalls.F_PROVINCE);
    String district = record.remove(BronzeInstalls.F_DISTRICT);
    // A view of the map, not a copy: the row encoder only iterates over it.
    Object extra = record.isEmpty() ? null : JavaConverters.mapAsScalaMap(record);
    return RowFactory.create(path, line, landingDate, format.code(), eventTime, phone, province, district, extra,
        parseError, rawLine);
  }

  /** A CSV header line's column names as the parser keys rows by them; null when not valid CSV. */
  static List<String> csvHeader(String line) {
    List<String> fields = CsvRows.split(line);
    return fields == null ? null : fields.stream().map(InstallFileParser::normalizeKey).toList();
  }

  static String normalizeKey(String key) {
    return key.strip().toLowerCase(Locale.ROOT);
  }

  /** Reads ahead one row; {@code fetch} returns null at the end of the file. */
  private abstract static class LazyRows implements Iterator<Row> {
    private Row next;
    private boolean done;

    abstract Row fetch();

    @Override
    public final boolean hasNext() {
      if (next == null && !done) {
        next = fetch();
        done = next == null;
      }
      return next != null;
    }

    @Override
    public final Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row r = next;
      next = null;
      return r;
    }
  }

  /** Physical lines with their numbers; closes the reader at the end. */
  private abstract static class LineRows extends LazyRows {
    final String path;
    final Date landingDate;
    private final BufferedReader reader;
    private boolean atEnd;
    long lineNumber;

    LineRows(String path, Date landingDate, BufferedReader reader) {
      this.path = path;
      this.landingDate = landingDate;
      this.reader = reader;
    }

    /** The next line, or null at the end of the file (and ever after: the reader is closed there). */
    String readLine() {
      if (atEnd) {
        return null;
      }
      try {
        String line = reader.readLine();
        if (line == null) {
          atEnd = true;
          closeQuietly(reader);
        } else {
          lineNumber++;
        }
        return line;
      } catch (IOException e) {
        closeQuietly(reader);
        throw fileError(path, lineNumber + 1, e);
      }
    }

    Row rejected(InstallFileFormat format, long line, String reason, String rawLine) {
      return row(path, line, landingDate, format, null, reason, rawLine);
    }
  }

  /** One JSON object per line; blank lines are not rows. */
  private static final class JsonLines extends LineRows {
    JsonLines(String path, Date landingDate, BufferedReader reader) {
      super(path, landingDate, reader);
    }

    @Override
    Row fetch() {
      for (String line = readLine(); line != null; line = readLine()) {
        if (!line.isBlank()) {
          return parse(line);
        }
      }
      return null;
    }

    private Row parse(String line) {
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        String m = e.getOriginalMessage();
        String reason = m != null && m.startsWith("Duplicate field") ? "a field appears twice" : "not valid JSON";
        return rejected(InstallFileFormat.JSONL, lineNumber, reason, line);
      }
      if (node == null || !node.isObject()) {
        return rejected(InstallFileFormat.JSONL, lineNumber, "not a JSON object", line);
      }
      Map<String, String> record = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = normalizeKey(e.getKey());
        JsonNode v = e.getValue();
        if (BronzeInstalls.KNOWN_FIELDS.contains(key) && v.isContainerNode()) {
          return rejected(InstallFileFormat.JSONL, lineNumber, "field '" + key + "' is not a single value", line);
        }
        if (record.containsKey(key)) {
          return rejected(InstallFileFormat.JSONL, lineNumber, "field '" + key + "' appears twice", line);
        }
        record.put(key, v.isNull() ? null : v.isTextual() ? v.textValue() : v.toString());
      }
      return row(path, lineNumber, landingDate, InstallFileFormat.JSONL, record, null, null);
    }
  }

  /**
   * A header row, then records; RFC 4180 quoting, LF or CRLF. A record is the physical lines up to
   * where its quotes balance, parsed alone: a stray quote spoils one row, not the file.
   */
  static final class CsvRows extends LineRows {
    private List<String> header;
    private String headerProblem;

    CsvRows(String path, Date landingDate, BufferedReader reader) {
      super(path, landingDate, reader);
    }

    @Override
    Row fetch() {
      for (String line = readLine(); line != null; line = readLine()) {
        if (line.isBlank()) {
          continue;
        }
        long startLine = lineNumber;
        StringBuilder text = new StringBuilder(line);
        while (quotes(text) % 2 == 1) {
          String more = readLine();
          if (more == null) {
            break;
          }
          text.append('\n').append(more);
        }
        List<String> fields = split(text.toString());
        if (header == null) {
          readHeader(fields, text.toString());
          continue;
        }
        return parse(fields, startLine, text.toString());
      }
      return null;
    }

    private void readHeader(List<String> fields, String text) {
      header = new ArrayList<>();
      if (fields == null) {
        headerProblem = "the header line is not valid CSV";
        return;
      }
      for (String f : fields) {
        String key = normalizeKey(f);
        if (header.contains(key)) {
          headerProblem = "the header repeats field '" + key + "'";
        }
        header.add(key);
      }
    }

    private Row parse(List<String> fields, long line, String text) {
      if (headerProblem != null) {
        return rejected(InstallFileFormat.CSV, line, headerProblem, text);
      }
      if (fields == null) {
        return rejected(InstallFileFormat.CSV, line, "not valid CSV (unbalanced quotes)", text);
      }
      if (fields.size() != header.size()) {
        return rejected(InstallFileFormat.CSV, line, "CSV row has " + fields.size() + " fields, the header has " + header.size(), text);
      }
      Map<String, String> record = new HashMap<>(header.size() * 2);
      for (int i = 0; i < header.size(); i++) {
        record.put(header.get(i), fields.get(i));
      }
      return row(path, line, landingDate, InstallFileFormat.CSV, record, null, null);
    }

    private static int quotes(CharSequence s) {
      int n = 0;
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) == '"') {
          n++;
        }
      }
      return n;
    }

    /**
     * The fields of one record, or null when it is not valid CSV: RFC 4180 as commons-csv reads a
     * single record (a test holds the two equal), by hand, since building a parser per record cost
     * more than the rest of the row's parsing. A field that starts with a quote runs to the closing
     * quote ({@code ""} inside is a quote), after which only white space may come before the comma;
     * any other field runs to the comma, quotes inside it kept; a line break outside quotes ends the
     * record, and a second record after it makes the text invalid.
     */
    static List<String> split(String record) {
      int n = record.length();
      if (n == 0) {
        return null;
      }
      List<String> fields = new ArrayList<>();
      int i = 0;
      while (true) {
        int end;
        if (i < n && record.charAt(i) == '"') {
          StringBuilder field = new StringBuilder();
          i++;
          while (true) {
            if (i >= n) {
              return null; // the text ends inside quotes
            }
            char c = record.charAt(i);
            if (c == '"' && i + 1 < n && record.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
            } else if (c == '"') {
              i++;
              break;
            } else {
              field.append(c);
              i++;
            }
          }
          fields.add(field.toString());
          while (i < n && record.charAt(i) != ',' && !isLineBreak(record.charAt(i))) {
            if (!Character.isWhitespace(record.charAt(i))) {
              return null; // text between the closing quote and the comma
            }
            i++;
          }
          end = i;
        } else {
          end = i;
          while (end < n && record.charAt(end) != ',' && !isLineBreak(record.charAt(end))) {
            end++;
          }
          fields.add(record.substring(i, end));
        }
        if (end >= n) {
          return fields;
        }
        if (record.charAt(end) == ',') {
          i = end + 1;
          continue;
        }
        // A line break: the record ends; anything after it is a second record.
        int next = record.charAt(end) == '\r' && end + 1 < n && record.charAt(end + 1) == '\n' ? end + 2 : end + 1;
        return next == n ? fields : null;
      }
    }

    private static boolean isLineBreak(char c) {
      return c == '\n' || c == '\r';
    }
  }
}
