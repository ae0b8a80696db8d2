package io.uptake.error;

/** The one place user-facing errors are made, so they all read "Cannot <action>: <reason>". */
public final class Errors {
  private Errors() {}

  public static UptakeException usage(String action, String reason) {
    return new UptakeException(ExitCode.USAGE, "Cannot " + action + ": " + reason, null);
  }

  /** A fault of the pipeline or its storage, not of the data or the command: exit 1. */
  public static UptakeException internal(String action, String reason) {
    return new UptakeException(ExitCode.INTERNAL, "Cannot " + action + ": " + reason, null);
  }

  /** Another run holds the warehouse: exit 5, retry later. */
  public static UptakeException busy(String action, String reason) {
    return new UptakeException(ExitCode.BUSY, "Cannot " + action + ": " + reason, null);
  }

  /** A data-quality expectation with action fail did not hold: exit 6. */
  public static UptakeException expectationFailed(String action, String reason) {
    return new UptakeException(ExitCode.EXPECTATION_FAILED, "Cannot " + action + ": " + reason, null);
  }

  public static UptakeException config(String file, String reason) {
    return new UptakeException(ExitCode.USAGE, "Cannot load configuration " + file + ": " + reason, null);
  }

  public static UptakeException badInput(String action, String reason) {
    return new UptakeException(ExitCode.BAD_INPUT, "Cannot " + action + ": " + reason, null);
  }

  public static UptakeException badInput(String action, String reason, Throwable cause) {
    return new UptakeException(ExitCode.BAD_INPUT, "Cannot " + action + ": " + reason, cause);
  }

  /** A census fault, located at a file and line. */
  public static UptakeException census(String file, long line, String reason) {
    return badInput("use census " + display(file) + " line " + line, reason);
  }

  /** An install log that cannot be read at all (not a row fault: those go to quarantine). */
  public static UptakeException installFile(String file, long line, String reason, Throwable cause) {
    return badInput("read install log " + display(file) + (line > 0 ? " near line " + line : ""), reason, cause);
  }

  /** A path as people read it: local files without Hadoop's "file:" scheme, other URIs whole. */
  public static String display(String path) {
    return path.startsWith("file:") ? path.substring("file:".length()).replaceFirst("^//(?=/)", "") : path;
  }

  /**
   * Finds the user-facing error inside what Spark threw: a task's exception reaches the driver
   * wrapped in a SparkException, sometimes only as text.
   */
  public static UptakeException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UptakeException u) {
        return u;
      }
    }
    String marker = UptakeException.class.getName() + ": ";
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = c.getMessage();
      int at = m == null ? -1 : m.indexOf(marker);
      if (at >= 0) {
        String rest = m.substring(at + marker.length());
        int end = rest.indexOf('\n');
        return new UptakeException(ExitCode.BAD_INPUT, end < 0 ? rest : rest.substring(0, end), null);
      }
    }
    return null;
  }
}
