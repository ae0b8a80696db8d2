package io.uptake.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The application jar that {@code mvn package} builds for spark-submit: Uptake and what Spark lacks,
 * nothing Spark already ships (target/lib is exactly Spark's runtime classpath), and Delta's
 * service entry intact.
 */
class ApplicationJarIT {
  private static final Path JAR = Path.of(System.getProperty("uptake.it.appJar", "target/uptake.jar"));
  private static final Path SPARK_JARS = Path.of(System.getProperty("uptake.it.sparkJars", "target/lib"));

  @Test
  void bundlesUptakeAndWhatSparkLacks() throws IOException {
    Set<String> entries = entries(JAR);
    assertThat(entries).contains(
        "io/uptake/cli/Main.class",
        "io/delta/tables/DeltaTable.class",
        "io/delta/storage/HDFSLogStore.class",
        "io/uptake/shaded/com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class",
        "io/uptake/shaded/org/yaml/snakeyaml/Yaml.class",
        "com/google/i18n/phonenumbers/PhoneNumberUtil.class",
        "picocli/CommandLine.class",
        "org/apache/commons/csv/CSVFormat.class",
        "org/apache/poi/xssf/usermodel/XSSFWorkbook.class",
        "org/apache/xmlbeans/XmlObject.class",
        "META-INF/maven/org.webjars/echarts/pom.properties",
        "reference/vn_admin_units_2021-02-01.csv");
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.uptake.cli.Main");
    }
  }

  @Test
  void deltasServiceEntrySurvivesTheMerge() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      ZipEntry services = jar.getEntry("META-INF/services/org.apache.spark.sql.sources.DataSourceRegister");
      assertThat(services).as("Delta's DataSourceRegister service file").isNotNull();
      String text = new String(jar.getInputStream(services).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(text).contains("org.apache.spark.sql.delta.sources.DeltaDataSource");
    }
  }

  @Test
  void noClassClashesWithWhatSparkShips() throws IOException {
    Set<String> ours = classes(JAR);
    Set<String> clashes = new TreeSet<>();
    List<Path> sparkJars;
    try (Stream<Path> s = Files.list(SPARK_JARS)) {
      sparkJars = s.filter(p -> p.toString().endsWith(".jar")).toList();
    }
    assertThat(sparkJars).as("Spark's runtime jars in " + SPARK_JARS).hasSizeGreaterThan(50);
    for (Path sparkJar : sparkJars) {
      for (String c : classes(sparkJar)) {
        if (ours.contains(c)) {
          clashes.add(c + " (also in " + sparkJar.getFileName() + ")");
        }
      }
    }
    assertThat(clashes).as("classes in both the application jar and Spark's classpath").isEmpty();
    // The usual suspects, by package, whatever versions Spark's list holds today.
    assertThat(ours).noneMatch(c -> c.startsWith("scala/") || c.startsWith("com/fasterxml/jackson/core/")
        || c.startsWith("com/fasterxml/jackson/databind/") || c.startsWith("com/fasterxml/jackson/annotation/")
        || c.startsWith("org/antlr/") || c.startsWith("com/google/common/") || c.startsWith("org/apache/logging/")
        || c.startsWith("org/slf4j/") || c.startsWith("org/apache/hadoop/")
        // Spark distributions ship these for Kubernetes, in versions of their choosing: ours are relocated.
        || c.startsWith("org/yaml/") || c.startsWith("com/fasterxml/jackson/dataformat/yaml/"));
  }

  @Test
  void carriesNoLoggingConfigurationOrSignatures() throws IOException {
    assertThat(entries(JAR)).noneMatch(e -> e.matches("log4j2?(-test)?\\.(properties|xml)")
        || e.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"));
  }

  private static Set<String> classes(Path jar) throws IOException {
    return entries(jar).stream()
        .filter(e -> e.endsWith(".class") && !e.endsWith("module-info.class") && !e.startsWith("META-INF/"))
        .collect(Collectors.toCollection(HashSet::new));
  }

  private static Set<String> entries(Path jar) throws IOException {
    try (JarFile j = new JarFile(jar.toFile())) {
      return j.stream().map(ZipEntry::getName).collect(Collectors.toCollection(HashSet::new));
    }
  }
}
