package io.uptake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages' order, lowest first: a class may use its own package and those below it, never one
 * above. Packages of one layer may use each other, but not both ways. And a class's name says which
 * one it is: no two share one.
 */
class LayeringTest {

  /** Lowest first. */
  static final List<Set<String>> LAYERS = List.of(
      Set.of("error"),
      Set.of("schema"),
      Set.of("config"),
      Set.of("phone", "geo"),
      Set.of("delta", "access"),
      Set.of("privacy", "ingest", "transform", "quality", "attribution"),
      Set.of("pipeline"),
      Set.of("report", "generate"),
      Set.of("jobs"),
      Set.of("cli"));

  private static final Path MAIN = Path.of("src/main/java/io/uptake");
  private static final Pattern USE = Pattern.compile("io\\.uptake\\.(\\w+)\\.([A-Z]\\w*)");

  @Test
  void noPackageUsesOneAboveIt() {
    List<String> wrong = new ArrayList<>();
    for (Use u : uses()) {
      if (layer(u.toPackage()) > layer(u.fromPackage())) {
        wrong.add(u.toString());
      }
    }
    assertThat(wrong).as("uses of a package above (the order is in LayeringTest.LAYERS)").isEmpty();
  }

  @Test
  void packagesOfOneLayerDoNotUseEachOtherBothWays() {
    Map<String, Set<String>> edges = new TreeMap<>();
    for (Use u : uses()) {
      edges.computeIfAbsent(u.fromPackage(), k -> new TreeSet<>()).add(u.toPackage());
    }
    List<String> cycles = new ArrayList<>();
    edges.forEach((from, tos) -> tos.forEach(to -> {
      if (from.compareTo(to) < 0 && edges.getOrDefault(to, Set.of()).contains(from)) {
        cycles.add(from + " <-> " + to);
      }
    }));
    assertThat(cycles).isEmpty();
  }

  @Test
  void everyPackageHasItsLayer() {
    try (Stream<Path> dirs = Files.list(MAIN)) {
      List<String> packages = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).toList();
      assertThat(packages).isNotEmpty().allSatisfy(p -> assertThat(layer(p)).as(p).isNotNegative());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void noTwoClassesShareAName() {
    try (Stream<Path> files = Files.walk(MAIN)) {
      Map<String, List<String>> byName = new TreeMap<>();
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> byName
          .computeIfAbsent(f.getFileName().toString(), k -> new ArrayList<>()).add(MAIN.relativize(f).toString()));
      byName.values().removeIf(paths -> paths.size() == 1);
      assertThat(byName).as("classes of one name in two packages").isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Use(String fromPackage, String fromClass, String toPackage, String toClass) {
    @Override
    public String toString() {
      return fromPackage + "." + fromClass + " -> " + toPackage + "." + toClass;
    }
  }

  /** Every mention of another package's class in a main source file: imports, qualified names, Javadoc links. */
  static List<Use> uses() {
    List<Use> uses = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String from = MAIN.relativize(file.getParent()).toString().replace('/', '.');
        String fromClass = file.getFileName().toString().replace(".java", "");
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith("package ")) {
            continue;
          }
          Matcher m = USE.matcher(line);
          while (m.find()) {
            if (!m.group(1).equals(from)) {
              uses.add(new Use(from, fromClass, m.group(1), m.group(2)));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(uses).as("uses found under " + MAIN.toAbsolutePath()).hasSizeGreaterThan(100);
    return uses;
  }

  static int layer(String pkg) {
    for (int i = 0; i < LAYERS.size(); i++) {
      if (LAYERS.get(i).contains(pkg)) {
        return i;
      }
    }
    return -1;
  }
}
