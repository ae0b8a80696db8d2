package io.uptake.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** RFC 4180 quoting for the CSV files the generator writes, and JSON string escaping. */
final class CsvText {

  private CsvText() {}

  /** One CSV record without its line ending; {@code quoteAll} quotes every field, as some exporters do. */
  static String line(String[] fields, boolean quoteAll) {
    StringBuilder sb = new StringBuilder(128);
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      appendField(sb, fields[i], quoteAll);
    }
    return sb.toString();
  }

  static void appendField(StringBuilder sb, String value, boolean quoteAll) {
    boolean quote = quoteAll || value.indexOf(',') >= 0 || value.indexOf('"') >= 0
        || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    if (!quote) {
      sb.append(value);
      return;
    }
    sb.append('"').append(value.replace("\"", "\"\"")).append('"');
  }

  /** A JSON string literal; {@code asciiOnly} escapes non-ASCII as \\uXXXX, as some exporters do. */
  static void appendJsonString(StringBuilder sb, String value, boolean asciiOnly) {
    sb.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || (asciiOnly && c > 0x7E)) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Splits one CSV record (no line breaks inside fields) into its unquoted fields. */
  static List<String> parseLine(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
