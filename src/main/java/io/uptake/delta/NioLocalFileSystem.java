package io.uptake.delta;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system with its permissions and links read and set through {@code java.nio}
 * instead of a child process. Without Hadoop's native library (the Maven jars ship none), the stock
 * one runs {@code chmod} for every file it creates, {@code ls -ld} for every file status whose
 * permissions are asked for (every file listed by {@code listFiles} or read by Spark) and
 * {@code readlink} for every rename of a Delta commit: about 470 processes in a small night, 5 ms
 * each. Files, streams, checksums and renames stay Hadoop's own; the results are the same.
 *
 * <p>Installed for the {@code file:} scheme in local mode only ({@link #SETTINGS}), where driver
 * and executors share one JVM: on a cluster, Hadoop's own class is used.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
  /** The Hadoop settings that install it, for a session's {@code spark.hadoop.*} configuration. */
  public static final Map<String, String> SETTINGS = Map.of(
      "fs.file.impl", NioLocalFileSystem.class.getName(),
      "fs.AbstractFileSystem.file.impl", Fs.class.getName());

  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The raw (checksum-less) file system under {@link NioLocalFileSystem}. */
  public static class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission);
      }
    }

    // Hadoop's version runs readlink on the path's URI text (file:/...), which names no file, and
    // so reads every path as what it points to; this one answers the same without the process.
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      return getFileStatus(f);
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
      return withPermission(super.getFileStatus(f));
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
      FileStatus[] statuses = super.listStatus(f);
      for (int i = 0; i < statuses.length; i++) {
        statuses[i] = withPermission(statuses[i]);
      }
      return statuses;
    }

    /** A status with its permission, owner and group read now (Hadoop's would fork ls for them). */
    private FileStatus withPermission(FileStatus s) throws IOException {
      if (s.getClass() == FileStatus.class || s.isSymlink()) {
        return s;
      }
      PosixFileAttributes a;
      try {
        a = Files.readAttributes(pathToFile(s.getPath()).toPath(), PosixFileAttributes.class);
      } catch (NoSuchFileException | UnsupportedOperationException e) {
        return s; // gone since it was listed, or not POSIX: Hadoop's lazy status as it was
      }
      return new FileStatus(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(), s.getModificationTime(),
          s.getAccessTime(), fsPermission(a.permissions()), a.owner().getName(), a.group().getName(), s.getPath());
    }
  }

  /** The same for {@code FileContext} (Delta's log store writes and renames commits through it). */
  public static class Fs extends ChecksumFs {
    Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** As Hadoop's {@code RawLocalFs}, over {@link Raw}. */
  static class RawFs extends DelegateToFileSystem {
    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }

  private static final PosixFilePermission[] BITS = { // from the lowest bit (other execute) up
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

  static Set<PosixFilePermission> posix(FsPermission permission) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    short bits = permission.toShort();
    for (int i = 0; i < BITS.length; i++) {
      if ((bits & (1 << i)) != 0) {
        out.add(BITS[i]);
      }
    }
    return out;
  }

  static FsPermission fsPermission(Set<PosixFilePermission> permissions) {
    int bits = 0;
    for (int i = 0; i < BITS.length; i++) {
      if (permissions.contains(BITS[i])) {
        bits |= 1 << i;
      }
    }
    return new FsPermission((short) bits);
  }
}
