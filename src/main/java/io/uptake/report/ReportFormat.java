package io.uptake.report;

/** How {@code report} prints: {@code table} for people, {@code md} for documents, {@code csv} for machines. */
public enum ReportFormat {
  TABLE, CSV, MD
}
