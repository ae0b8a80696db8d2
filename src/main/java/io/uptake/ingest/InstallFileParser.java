package io.uptake.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.uptake.error.Errors;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.collection.JavaConverters;

/**
 * Reads one install log file into bronze rows, lazily, keeping each row's physical line number.
 * Spark's own JSON and CSV sources lose line numbers and take one CSV header for all files, while
 * here every CSV file has its own header in any column order.
 */
final class InstallFileParser {
  private static final ObjectMapper JSON = new ObjectMapper();
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

  static Row row(String path, long line, Date landingDate, InstallFileFormat format,
      Map<String, String> record, String parseError, String rawLine) {
    return RowFactory.create(path, line, landingDate, format.code(),
        record == null ? null : JavaConverters.mapAsScalaMap(record).toMap(scala.Predef.$conforms()),
        parseError, rawLine);
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

  /** One JSON object per line; blank lines are not rows. */
  private static final class JsonLines extends LazyRows {
    private final String path;
    private final Date landingDate;
    private final BufferedReader reader;
    private long lineNumber;

    JsonLines(String path, Date landingDate, BufferedReader reader) {
      this.path = path;
      this.landingDate = landingDate;
      this.reader = reader;
    }

    @Override
    Row fetch() {
      while (true) {
        String line;
        try {
          line = reader.readLine();
        } catch (IOException e) {
          closeQuietly(reader);
          throw fileError(path, lineNumber + 1, e);
        }
        if (line == null) {
          closeQuietly(reader);
          return null;
        }
        lineNumber++;
        if (!line.isBlank()) {
          return parse(line);
        }
      }
    }

    private Row parse(String line) {
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        return row(path, lineNumber, landingDate, InstallFileFormat.JSONL, null, "not valid JSON", line);
      }
      if (node == null || !node.isObject()) {
        return row(path, lineNumber, landingDate, InstallFileFormat.JSONL, null, "not a JSON object", line);
      }
      Map<String, String> record = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> {
        JsonNode v = e.getValue();
        record.put(normalizeKey(e.getKey()), v.isNull() ? null : v.isTextual() ? v.textValue() : v.toString());
      });
      return row(path, lineNumber, landingDate, InstallFileFormat.JSONL, record, null, null);
    }
  }

  /** A header row, then records; RFC 4180 quoting, LF or CRLF. */
  private static final class CsvRows extends LazyRows {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).build();
    private final String path;
    private final Date landingDate;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header = new ArrayList<>();

    CsvRows(String path, Date landingDate, BufferedReader reader) throws IOException {
      this.path = path;
      this.landingDate = landingDate;
      this.parser = CSVParser.parse(reader, FORMAT);
      this.records = parser.iterator();
    }

    @Override
    Row fetch() {
      try {
        while (true) {
          long startLine = parser.getCurrentLineNumber() + 1;
          if (!records.hasNext()) {
            parser.close();
            return null;
          }
          CSVRecord rec = records.next();
          if (rec.size() == 1 && rec.get(0).isBlank()) {
            continue;
          }
          if (header.isEmpty()) {
            rec.forEach(h -> header.add(normalizeKey(h)));
            continue;
          }
          return parse(rec, startLine);
        }
      } catch (UncheckedIOException e) {
        closeQuietly(parser);
        throw fileError(path, parser.getCurrentLineNumber() + 1, e.getCause());
      } catch (IOException e) {
        throw fileError(path, parser.getCurrentLineNumber() + 1, e);
      }
    }

    private Row parse(CSVRecord rec, long line) {
      if (rec.size() != header.size()) {
        String reason = "CSV row has " + rec.size() + " fields, the header has " + header.size();
        return row(path, line, landingDate, InstallFileFormat.CSV, null, reason, String.join(",", rec.toList()));
      }
      Map<String, String> record = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        record.put(header.get(i), rec.get(i));
      }
      return row(path, line, landingDate, InstallFileFormat.CSV, record, null, null);
    }
  }
}
