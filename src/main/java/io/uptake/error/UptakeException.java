package io.uptake.error;

/**
 * A failure a user can act on. Its message reads "Cannot <action>: <reason>" and names the file,
 * line and value where there is one. Built only through {@link Errors}.
 */
public final class UptakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ExitCode exitCode;

  UptakeException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
