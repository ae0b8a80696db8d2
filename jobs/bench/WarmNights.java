import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The same night run N times in one JVM, each on a fresh copy of the history's warehouse: the
 * first pays the JVM's warm-up, the later ones only what a run costs once its code is compiled.
 * Usage (see jobs/warm-nights.sh): java -cp APP_CLASSPATH WarmNights.java SET_DIR N
 */
public class WarmNights {
  public static void main(String[] args) throws Exception {
    Path set = Path.of(args[0]);
    int nights = Integer.parseInt(args[1]);
    for (int i = 1; i <= nights; i++) {
      Path warehouse = Files.createTempDirectory(set, "warehouse-");
      copy(set.resolve("history-warehouse"), warehouse);
      long start = System.nanoTime();
      int rc = io.uptake.cli.Main.execute("run", "--installs", set.resolve("installs").toString(),
          "--census", set.resolve("census").toString(), "--warehouse", warehouse.toString(), "--date", "2021-05-06");
      System.out.printf("night %d of one JVM: %.1f s (exit %d)%n", i, (System.nanoTime() - start) / 1e9, rc);
      delete(warehouse);
      if (rc != 0) {
        System.exit(rc);
      }
    }
    System.exit(0);
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void delete(Path dir) throws Exception {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
