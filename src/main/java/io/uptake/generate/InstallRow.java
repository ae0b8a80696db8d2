package io.uptake.generate;

/** One install-log line before it is rendered as JSON or CSV. */
final class InstallRow {

  enum Column {
    EVENT_TIME("event_time"), PHONE("phone"), PROVINCE("province"), DISTRICT("district"),
    DEVICE_ID("device_id"), PLATFORM("platform"), APP_VERSION("app_version");

    final String header;

    Column(String header) {
      this.header = header;
    }
  }

  enum Format {
    JSONL("jsonl", true, false), JSONL_GZ("jsonl.gz", true, true), CSV("csv", false, false), CSV_GZ("csv.gz", false, true);

    final String extension;
    final boolean json;
    final boolean gzip;

    Format(String extension, boolean json, boolean gzip) {
      this.extension = extension;
      this.json = json;
      this.gzip = gzip;
    }
  }

  /** The line is cut short (JSON) or has too many or too few fields (CSV). */
  enum Corruption { NONE, BROKEN }

  /** Marks a JSON key left out; an empty field in CSV. {@code null} is a JSON null. */
  static final Object ABSENT = new Object();

  /** By {@link Column} ordinal: a String, a Long (a JSON number), null or {@link #ABSENT}. */
  final Object[] values = new Object[Column.values().length];
  String extraKey;
  Object extraValue;
  Corruption corruption = Corruption.NONE;
  /** Decides how a broken line breaks, so the result does not depend on the file it lands in. */
  int corruptionRoll;

  void set(Column column, Object value) {
    values[column.ordinal()] = value;
  }
}
