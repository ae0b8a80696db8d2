package io.uptake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uptake.error.ExitCode;
import io.uptake.error.UptakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {
  private static final Supplier<Configuration> HADOOP = Configuration::new;

  @TempDir
  Path dir;

  @Test
  void aHadoopUriIsReadThroughItsFileSystem() throws IOException {
    Path yaml = Files.writeString(dir.resolve("night.yaml"), "warehouse: /data/wh\n");
    ConfigSource.Found found = ConfigSource.read(yaml.toUri().toString(), null, HADOOP);
    assertThat(found.text()).isEqualTo("warehouse: /data/wh\n");
    assertThat(found.location()).isEqualTo(yaml.toUri().toString());
    assertThat(ConfigLoader.parse(found.text(), found.location()).warehouse()).isEqualTo("/data/wh");
  }

  @Test
  void aRelativePathIsTakenFromTheWorkingDirectory() throws IOException {
    Path yaml = Files.writeString(Files.createTempFile(Path.of("target"), "config-source", ".yaml"), "time_zone: UTC\n");
    String relative = Path.of("").toAbsolutePath().relativize(yaml.toAbsolutePath()).toString();
    try {
      assertThat(relative).doesNotStartWith("/");
      ConfigSource.Found found = ConfigSource.read(relative, null, HADOOP);
      assertThat(found.location()).isEqualTo(yaml.toAbsolutePath().toString());
      assertThat(found.text()).isEqualTo("time_zone: UTC\n");
    } finally {
      Files.delete(yaml);
    }
  }

  @Test
  void aBareNameIsFoundAmongTheFilesShippedWithSparkSubmit() throws IOException {
    Path shipped = Files.writeString(dir.resolve("uptake-prod.yaml"), "time_zone: UTC\n");
    String sparkFiles = "hdfs://nn:8020/jars/other.yaml," + shipped.toUri();
    ConfigSource.Found found = ConfigSource.read("uptake-prod.yaml", sparkFiles, HADOOP);
    assertThat(found.location()).isEqualTo(shipped.toUri().toString());
    assertThat(found.text()).isEqualTo("time_zone: UTC\n");
    // A local path entry (spark.files as given on the command line) works the same way.
    assertThat(ConfigSource.read("uptake-prod.yaml", shipped.toString(), HADOOP).location()).isEqualTo(shipped.toString());
  }

  @Test
  void aMissingFileNamesEveryPlaceLookedAt() {
    assertThatThrownBy(() -> ConfigSource.read("nowhere.yaml", "/opt/conf/other.yaml", HADOOP))
        .isInstanceOfSatisfying(UptakeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining(Path.of("nowhere.yaml").toAbsolutePath().toString())
        .hasMessageContaining("spark.files entries named nowhere.yaml");
    assertThatThrownBy(() -> ConfigSource.read(dir.resolve("gone.yaml").toUri().toString(), null, HADOOP))
        .isInstanceOf(UptakeException.class)
        .hasMessageContaining("gone.yaml");
  }

  @Test
  void locationsAreLoggedWithoutCredentials() {
    assertThat(ConfigSource.forLog("s3a://AKIAXXXX:secret@bucket/conf/uptake.yaml")).isEqualTo("s3a://bucket/conf/uptake.yaml");
    assertThat(ConfigSource.forLog("https://host/u.yaml?X-Amz-Signature=abc")).isEqualTo("https://host/u.yaml");
    assertThat(ConfigSource.forLog("abfss://c@acct.dfs.core.windows.net/u.yaml"))
        .isEqualTo("abfss://c@acct.dfs.core.windows.net/u.yaml");
    assertThat(ConfigSource.forLog("conf/uptake.yaml")).isEqualTo("conf/uptake.yaml");
  }

  @Test
  void schemesAreToldFromPaths() {
    assertThat(ConfigSource.hasScheme("s3a://bucket/uptake.yaml")).isTrue();
    assertThat(ConfigSource.hasScheme("abfss://c@a.dfs.core.windows.net/u.yaml")).isTrue();
    assertThat(ConfigSource.hasScheme("file:/etc/uptake.yaml")).isTrue();
    assertThat(ConfigSource.hasScheme("conf/uptake.yaml")).isFalse();
    assertThat(ConfigSource.hasScheme("/etc/uptake.yaml")).isFalse();
    assertThat(ConfigSource.hasScheme("C:/uptake.yaml")).isFalse();
  }

  /** The example configurations in conf/ are valid, and say what docs/cluster.md says they do. */
  @Test
  void theExampleConfigurationsLoad() {
    UptakeConfig standalone = ConfigLoader.load(Path.of("conf/cluster-standalone.yaml"));
    assertThat(standalone.warehouse()).isEqualTo("file:///shared/uptake/warehouse");
    assertThat(standalone.aliases()).isNull();
    assertThat(standalone.phoneKeyFile()).isEqualTo("file:///etc/uptake/phone.key");
    UptakeConfig cloud = ConfigLoader.load(Path.of("conf/cloud-storage.yaml"));
    assertThat(cloud.warehouse()).startsWith("s3a://");
    assertThat(cloud.installs()).startsWith("s3a://");
  }
}
