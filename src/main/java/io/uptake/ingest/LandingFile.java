package io.uptake.ingest;

/** A file found in a landing directory: its full URI, size in bytes and modification time (epoch ms). */
public record LandingFile(String path, long size, long modificationTime) {}
