package io.uptake.config;

/** What to do with a file that cannot be read: reject it and go on, or stop the run ({@code ingest.on_bad_file}). */
public enum OnBadFile { REJECT, STOP }
