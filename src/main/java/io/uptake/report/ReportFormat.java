package io.uptake.report;

/**
 * How {@code report} renders: {@code table} for people, {@code md} for documents, {@code csv} for
 * machines (all three printed); {@code xlsx} and {@code html} are files, written with {@code --out}.
 */
public enum ReportFormat {
  TABLE, CSV, MD, XLSX, HTML;

  /** Whether the format is a file of its own, not text for standard output. */
  public boolean isFile() {
    return this == XLSX || this == HTML;
  }
}
