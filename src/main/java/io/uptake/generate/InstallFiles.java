package io.uptake.generate;

import io.uptake.generate.InstallRow.Column;
import io.uptake.generate.InstallRow.Corruption;
import io.uptake.generate.InstallRow.Format;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * The install-log files of one range of days: one file per day and format, a new part every
 * {@code maxRowsPerFile} rows. Each file gets its own layout: CSV column order, BOM, line ending
 * and quoting; JSON key order, spacing and escaping.
 */
final class InstallFiles implements Closeable {

  private static final Format[] FORMATS = Format.values();
  private static final Column[] COLUMNS = Column.values();

  private final Path installsDir;
  private final LandingTimes times;
  private final long seed;
  private final int maxRowsPerFile;
  private final int firstDay;
  private final Part[][] parts;
  private long rows;
  private long files;

  InstallFiles(Path installsDir, LandingTimes times, long seed, int maxRowsPerFile, int firstDay, int endDay)
      throws IOException {
    this.installsDir = installsDir;
    this.times = times;
    this.seed = seed;
    this.maxRowsPerFile = maxRowsPerFile;
    this.firstDay = firstDay;
    this.parts = new Part[endDay - firstDay][FORMATS.length];
    // Every day gets every format, even when it has no rows (an empty daily extract).
    for (int day = firstDay; day < endDay; day++) {
      for (Format format : FORMATS) {
        parts[day - firstDay][format.ordinal()] = open(day, format, 0);
      }
    }
  }

  boolean covers(int day) {
    return day >= firstDay && day < firstDay + parts.length;
  }

  void write(int day, Format format, InstallRow row) throws IOException {
    if (!covers(day)) {
      return;
    }
    Part part = parts[day - firstDay][format.ordinal()];
    if (part.rows >= maxRowsPerFile) {
      part.close();
      part = open(day, format, part.index + 1);
      parts[day - firstDay][format.ordinal()] = part;
    }
    part.write(row);
    rows++;
  }

  long rows() {
    return rows;
  }

  long files() {
    return files;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (Part[] day : parts) {
      for (Part part : day) {
        try {
          part.close();
        } catch (IOException e) {
          failure = failure == null ? e : failure;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private Part open(int day, Format format, int index) throws IOException {
    Path dir = installsDir.resolve("date=" + times.date(day));
    Files.createDirectories(dir);
    Path file = dir.resolve(String.format(Locale.ROOT, "part-%05d.%s", index, format.extension));
    SplittableRandom r = Rng.stream(seed, 0x46494C45L, day, format.ordinal(), index);
    Column[] order = COLUMNS.clone();
    do {
      for (int i = order.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        Column t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    } while (order[0] == Column.EVENT_TIME && order[1] == Column.PHONE);
    // CSV layouts cycle through BOM+LF, CRLF, BOM+CRLF, plain, so two days already show them all.
    int layout = (day * 2 + (format == Format.CSV_GZ ? 1 : 0) + index) % 4;
    boolean bom = !format.json && (layout == 0 || layout == 2);
    String newline = !format.json && (layout == 1 || layout == 2) ? "\r\n" : "\n";
    boolean quoteAll = r.nextInt(4) == 0;
    boolean spaced = r.nextBoolean();
    boolean asciiOnly = r.nextInt(4) == 0;
    OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    if (format.gzip) {
      out = new GZIPOutputStream(out, 1 << 16);
    }
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    files++;
    Part part = new Part(index, writer, format, order, newline, quoteAll, spaced, asciiOnly);
    if (bom) {
      writer.write('\uFEFF');
    }
    if (!format.json) {
      String[] header = new String[order.length];
      for (int i = 0; i < order.length; i++) {
        header[i] = order[i].header;
      }
      writer.write(CsvText.line(header, quoteAll));
      writer.write(newline);
    }
    return part;
  }

  private static final class Part {
    final int index;
    final Writer writer;
    final Format format;
    final Column[] order;
    final String newline;
    final boolean quoteAll;
    final boolean spaced;
    final boolean asciiOnly;
    int rows;
    boolean closed;

    Part(int index, Writer writer, Format format, Column[] order, String newline, boolean quoteAll,
        boolean spaced, boolean asciiOnly) {
      this.index = index;
      this.writer = writer;
      this.format = format;
      this.order = order;
      this.newline = newline;
      this.quoteAll = quoteAll;
      this.spaced = spaced;
      this.asciiOnly = asciiOnly;
    }

    void write(InstallRow row) throws IOException {
      writer.write(format.json ? json(row) : csv(row));
      writer.write(newline);
      rows++;
    }

    private String json(InstallRow row) {
      String colon = spaced ? ": " : ":";
      String comma = spaced ? ", " : ",";
      StringBuilder sb = new StringBuilder(200).append('{');
      boolean first = true;
      for (Column column : order) {
        Object value = row.values[column.ordinal()];
        if (value == InstallRow.ABSENT) {
          continue;
        }
        if (!first) {
          sb.append(comma);
        }
        first = false;
        CsvText.appendJsonString(sb, column.header, false);
        sb.append(colon);
        appendJsonValue(sb, value);
      }
      if (row.extraKey != null) {
        sb.append(first ? "" : comma);
        CsvText.appendJsonString(sb, row.extraKey, false);
        sb.append(colon);
        appendJsonValue(sb, row.extraValue);
      }
      sb.append('}');
      if (row.corruption == Corruption.BROKEN) {
        // Cut inside the object: what a truncated upload leaves behind.
        int cut = sb.length() / 3 + Math.floorMod(row.corruptionRoll, sb.length() / 2);
        return sb.substring(0, cut);
      }
      return sb.toString();
    }

    private void appendJsonValue(StringBuilder sb, Object value) {
      if (value == null) {
        sb.append("null");
      } else if (value instanceof Long || value instanceof Integer) {
        sb.append(value);
      } else {
        CsvText.appendJsonString(sb, (String) value, asciiOnly);
      }
    }

    private String csv(InstallRow row) {
      int fields = order.length;
      int extra = 0;
      if (row.corruption == Corruption.BROKEN) {
        int roll = Math.floorMod(row.corruptionRoll, 4);
        if (roll < 2) {
          fields -= 1 + roll; // too few fields
        } else {
          extra = roll - 1; // too many fields
        }
      }
      StringBuilder sb = new StringBuilder(160);
      for (int i = 0; i < fields; i++) {
        if (i > 0) {
          sb.append(',');
        }
        Object value = row.values[order[i].ordinal()];
        String text = value == null || value == InstallRow.ABSENT ? "" : value.toString();
        CsvText.appendField(sb, text, quoteAll);
      }
      for (int i = 0; i < extra; i++) {
        sb.append(",");
        CsvText.appendField(sb, "unexpected", quoteAll);
      }
      return sb.toString();
    }

    void close() throws IOException {
      if (!closed) {
        closed = true;
        writer.close();
      }
    }
  }
}
