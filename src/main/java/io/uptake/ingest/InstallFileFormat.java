package io.uptake.ingest;

import java.util.Locale;

/** The install log formats, told apart by file name. */
enum InstallFileFormat {
  JSONL("jsonl"),
  CSV("csv");

  private final String code;

  InstallFileFormat(String code) {
    this.code = code;
  }

  String code() {
    return code;
  }

  /** The format of a file name, or null for a file that is not an install log. */
  static InstallFileFormat of(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    if (n.endsWith(".jsonl") || n.endsWith(".jsonl.gz")) {
      return JSONL;
    }
    if (n.endsWith(".csv") || n.endsWith(".csv.gz")) {
      return CSV;
    }
    return null;
  }

  static boolean isGzip(String fileName) {
    return fileName.toLowerCase(Locale.ROOT).endsWith(".gz");
  }
}
