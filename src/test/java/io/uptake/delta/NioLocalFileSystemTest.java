package io.uptake.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.uptake.testing.TestSpark;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NIO local file system answers as Hadoop's own, without a child process. */
class NioLocalFileSystemTest {
  private static final Configuration CONF = new Configuration();

  private static FileSystem nio() throws Exception {
    FileSystem fs = new NioLocalFileSystem();
    fs.initialize(URI.create("file:///"), CONF);
    return fs;
  }

  private static FileSystem hadoops() throws Exception {
    FileSystem fs = new LocalFileSystem();
    fs.initialize(URI.create("file:///"), CONF);
    return fs;
  }

  @Test
  void everyPermissionConvertsBothWays() {
    for (short bits = 0; bits < 512; bits++) {
      FsPermission p = new FsPermission(bits);
      assertThat(PosixFilePermissions.toString(NioLocalFileSystem.posix(p))).isEqualTo(p.toString());
      assertThat(NioLocalFileSystem.fsPermission(NioLocalFileSystem.posix(p))).isEqualTo(p);
    }
  }

  @Test
  void filesAreCreatedWithTheModeHadoopGivesThem(@TempDir java.nio.file.Path dir) throws Exception {
    try (FileSystem nio = nio(); FileSystem hadoop = hadoops()) {
      Path a = new Path(dir.toUri().toString(), "a");
      Path b = new Path(dir.toUri().toString(), "b");
      try (FSDataOutputStream out = nio.create(a)) {
        out.write(1);
      }
      try (FSDataOutputStream out = hadoop.create(b)) {
        out.write(1);
      }
      assertThat(Files.getPosixFilePermissions(dir.resolve("a"))).isEqualTo(Files.getPosixFilePermissions(dir.resolve("b")));
      nio.setPermission(a, new FsPermission((short) 0600));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a")))).isEqualTo("rw-------");
    }
  }

  @Test
  void statusesAndListingsAreHadoops(@TempDir java.nio.file.Path dir) throws Exception {
    Files.writeString(dir.resolve("x.csv"), "a,b\n", StandardCharsets.UTF_8);
    Files.createDirectories(dir.resolve("sub"));
    Files.setPosixFilePermissions(dir.resolve("x.csv"), PosixFilePermissions.fromString("rw-r-----"));
    try (FileSystem nio = nio(); FileSystem hadoop = hadoops()) {
      Path root = new Path(dir.toUri().toString());
      assertThat(describe(nio.listStatus(root))).isEqualTo(describe(hadoop.listStatus(root)));
      assertThat(describe(nio.getFileStatus(new Path(root, "x.csv"))))
          .isEqualTo(describe(hadoop.getFileStatus(new Path(root, "x.csv"))))
          .contains("rw-r-----");
      assertThat(describe(nio.getFileLinkStatus(new Path(root, "sub")))).isEqualTo(describe(hadoop.getFileStatus(new Path(root, "sub"))));
    }
  }

  @Test
  void aLinkReadsAsHadoopReadsIt(@TempDir java.nio.file.Path dir) throws Exception {
    Files.writeString(dir.resolve("target"), "x");
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("target"));
    try (FileSystem nio = nio(); FileSystem hadoop = hadoops()) {
      Path link = new Path(dir.toUri().toString(), "link");
      assertThat(describe(nio.getFileLinkStatus(link))).isEqualTo(describe(hadoop.getFileLinkStatus(link)));
      assertThat(nio.getFileLinkStatus(link).isSymlink()).isEqualTo(hadoop.getFileLinkStatus(link).isSymlink());
    }
  }

  /** Delta's log store: a commit written to a temporary file, renamed without overwrite. */
  @Test
  void fileContextCreatesAndRenamesWithoutOverwriting(@TempDir java.nio.file.Path dir) throws Exception {
    Configuration conf = new Configuration();
    NioLocalFileSystem.SETTINGS.forEach(conf::set);
    FileContext fc = FileContext.getFileContext(URI.create("file:///"), conf);
    Path tmp = new Path(dir.toUri().toString(), ".0.json.tmp");
    Path commit = new Path(dir.toUri().toString(), "0.json");
    try (FSDataOutputStream out = fc.create(tmp, EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE), Options.CreateOpts.createParent())) {
      out.write("{}".getBytes(StandardCharsets.UTF_8));
    }
    fc.rename(tmp, commit, Options.Rename.NONE);
    assertThat(Files.readString(dir.resolve("0.json"))).isEqualTo("{}");
    try (FSDataOutputStream out = fc.create(tmp, EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE))) {
      out.write("{1}".getBytes(StandardCharsets.UTF_8));
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fc.rename(tmp, commit, Options.Rename.NONE))
        .isInstanceOf(org.apache.hadoop.fs.FileAlreadyExistsException.class);
    assertThat(Files.readString(dir.resolve("0.json"))).isEqualTo("{}");
  }

  @Test
  void theSessionUsesIt() {
    Path p = new Path("file:///tmp");
    assertThat(org.junit.jupiter.api.Assertions.assertDoesNotThrow(
        () -> p.getFileSystem(TestSpark.session().sparkContext().hadoopConfiguration()))).isInstanceOf(NioLocalFileSystem.class);
  }

  private static List<String> describe(FileStatus... statuses) {
    return java.util.Arrays.stream(statuses).sorted()
        .map(s -> s.getPath() + " " + s.getLen() + " " + s.isDirectory() + " " + s.getPermission() + " " + s.getOwner() + " "
            + s.getGroup() + " " + s.getModificationTime() + " " + s.getBlockSize() + " " + s.getReplication())
        .toList();
  }

  private static String describe(FileStatus s) {
    return describe(new FileStatus[] {s}).get(0);
  }
}
