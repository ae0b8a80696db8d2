package io.uptake.config;

/** What to do with a file whose name was ingested before but whose content changed ({@code ingest.on_changed_file}). */
public enum OnChangedFile { ERROR, REPLACE }
