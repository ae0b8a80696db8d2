package io.uptake.ingest;

import io.uptake.error.Errors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists input files on any Hadoop file system, sorted. Names starting with "." or "_", and
 * everything under such folders (_temporary/, .staging/: copies still in progress), are skipped.
 */
final class LandingFiles {
  private LandingFiles() {}

  /**
   * @param what what is being read, for messages ("install logs", "census")
   * @param expected the accepted names, for the message when none is found
   */
  static List<LandingFile> list(Configuration conf, String dir, boolean recursive, Predicate<String> accept,
      String what, String expected) {
    Path root = new Path(dir);
    List<LandingFile> files = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        throw Errors.usage("read " + what, "directory " + dir + " does not exist");
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, recursive);
      while (it.hasNext()) {
        LocatedFileStatus status = it.next();
        Path file = status.getPath();
        if (!hidden(file, fs.makeQualified(root)) && accept.test(file.getName())) {
          files.add(new LandingFile(file.toString(), status.getLen(), status.getModificationTime()));
        }
      }
    } catch (IOException e) {
      throw Errors.usage("read " + what, "cannot list " + dir + " (" + e.getMessage() + ")");
    }
    if (files.isEmpty()) {
      throw Errors.usage("read " + what, "no " + expected + " files under " + dir);
    }
    files.sort(java.util.Comparator.comparing(LandingFile::path));
    return files;
  }

  static List<String> paths(List<LandingFile> files) {
    return files.stream().map(LandingFile::path).toList();
  }

  private static boolean hidden(Path file, Path root) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      if (p.getName().startsWith(".") || p.getName().startsWith("_")) {
        return true;
      }
    }
    return false;
  }
}
