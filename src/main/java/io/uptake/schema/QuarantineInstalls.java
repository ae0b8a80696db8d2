package io.uptake.schema;

/** {@code quarantine/installs}: rejected rows, with the reason, the offending value and the row. */
public final class QuarantineInstalls {
  private QuarantineInstalls() {}

  public static final String REASON = "reason";
  public static final String VALUE = "value";
}
