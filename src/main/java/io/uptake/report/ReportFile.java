package io.uptake.report;

import io.uptake.error.Errors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** A published file replaced whole: a reader (a web server, a mail job) sees the old one or the new, never half. */
public final class ReportFile {
  private ReportFile() {}

  /**
   * Writes {@code content} into a sibling temporary file, flushed to disk, then renamed over
   * {@code file}. A symbolic link is followed (its target is replaced); the file keeps the
   * permissions of the one it replaces, or gets rw-r--r--.
   *
   * @return the path written (a link's target)
   */
  public static Path replace(Path file, byte[] content) {
    Path target = file.toAbsolutePath();
    Path temp = null;
    try {
      if (Files.isSymbolicLink(target)) {
        target = target.toRealPath();
      }
      if (!Files.isDirectory(target.getParent())) {
        throw Errors.usage("write the report to " + file, "directory " + target.getParent() + " does not exist");
      }
      Set<PosixFilePermission> permissions = Files.exists(target)
          ? Files.getPosixFilePermissions(target) : PosixFilePermissions.fromString("rw-r--r--");
      temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.setPosixFilePermissions(temp, permissions);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
      return target;
    } catch (IOException e) {
      throw Errors.internal("write the report to " + target, e.getClass().getSimpleName() + ": " + e.getMessage()
          + " (the file, if it existed, is unchanged)");
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // Left behind only if the directory went away meanwhile.
        }
      }
    }
  }
}
