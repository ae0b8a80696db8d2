package io.uptake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uptake.error.UptakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  @Test
  void defaultsWithoutAFile() {
    UptakeConfig c = ConfigLoader.defaults();
    assertThat(c.warehouse()).isEqualTo("./warehouse");
    assertThat(c.timeZone()).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
    assertThat(c.requiredDenominators()).containsExactly("population", "smartphones");
    assertThat(c.installs()).isNull();
    assertThat(c.aliases()).isNull();
  }

  @Test
  void theShippedFileLoadsAndFlagsOverrideIt() {
    UptakeConfig c = ConfigLoader.load(Path.of("conf/uptake.yaml"));
    assertThat(c.aliases()).isEqualTo("conf/aliases.yaml");
    UptakeConfig overridden = c.withWarehouse("/data/wh").withInstalls("/landing/installs").withCensus(null);
    assertThat(overridden.warehouse()).isEqualTo("/data/wh");
    assertThat(overridden.installs()).isEqualTo("/landing/installs");
    assertThat(overridden.census()).as("no flag keeps the YAML value").isEqualTo(c.census());
  }

  @Test
  void yamlValuesReplaceDefaults() {
    UptakeConfig c = ConfigLoader.parse("""
        warehouse: s3a://bucket/uptake
        time_zone: UTC
        inputs:
          installs: /landing/installs
        census:
          required_denominators: [population, adults_18_plus]
        """, "test.yaml");
    assertThat(c.warehouse()).isEqualTo("s3a://bucket/uptake");
    assertThat(c.timeZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(c.installs()).isEqualTo("/landing/installs");
    assertThat(c.requiredDenominators()).isEqualTo(List.of("population", "adults_18_plus"));
  }

  @Test
  void unknownKeysAreRejectedWithTheirLine() {
    assertThatThrownBy(() -> ConfigLoader.parse("warehouse: x\ninputs:\n  instals: /a\n", "conf/x.yaml"))
        .isInstanceOf(UptakeException.class)
        .hasMessageStartingWith("Cannot load configuration conf/x.yaml: unknown key 'inputs.instals' at line 3; known keys: warehouse, time_zone, inputs.installs");
  }

  @Test
  void thePhoneKeyItselfIsNeverASettingOnlyItsFile() {
    assertThatThrownBy(() -> ConfigLoader.parse("privacy:\n  phone_key: 00ff00ff\n", "conf/x.yaml"))
        .hasMessage("Cannot load configuration conf/x.yaml: 'privacy.phone_key' at line 2 is not a setting: the phone key "
            + "itself never goes in the YAML; put it in a file named by privacy.phone_key_file, or in the environment "
            + "variable UPTAKE_PHONE_KEY")
        .hasMessageNotContaining("00ff00ff");
    assertThat(ConfigLoader.parse("privacy:\n  phone_key_file: /etc/uptake/phone.key\n", "c.yaml").phoneKeyFile())
        .isEqualTo("/etc/uptake/phone.key");
    assertThat(ConfigLoader.defaults().phoneKeyFile()).isNull();
  }

  @Test
  void badValuesAreRejected() {
    assertThatThrownBy(() -> ConfigLoader.parse("time_zone: Mars/Base\n", "c.yaml"))
        .hasMessage("Cannot load configuration c.yaml: time_zone 'Mars/Base' is not a time zone (use a region like Asia/Ho_Chi_Minh)");
    assertThatThrownBy(() -> ConfigLoader.parse("census:\n  required_denominators: [Population]\n", "c.yaml"))
        .hasMessageContaining("census.required_denominators has 'Population'");
    assertThatThrownBy(() -> ConfigLoader.parse("ingest:\n  on_bad_file: skip\n", "c.yaml"))
        .hasMessage("Cannot load configuration c.yaml: ingest.on_bad_file is 'skip'; use reject or stop");
    assertThatThrownBy(() -> ConfigLoader.parse("ingest:\n  on_changed_file: keep\n", "c.yaml"))
        .hasMessage("Cannot load configuration c.yaml: ingest.on_changed_file is 'keep'; use error or replace");
    assertThat(ConfigLoader.parse("ingest:\n  on_bad_file: Stop\n", "c.yaml").onBadFile())
        .isEqualTo(io.uptake.ingest.IngestLedger.OnBadFile.STOP);
    assertThatThrownBy(() -> ConfigLoader.parse("warehouse: [a, b]\n", "c.yaml"))
        .hasMessageStartingWith("Cannot load configuration c.yaml: not valid YAML for Uptake at line 1");
  }

  @Test
  void everyKeyIsDocumentedInTheReadmeAndTheShippedYaml() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String yaml = Files.readString(Path.of("conf/uptake.yaml"));
    for (ConfigKey k : ConfigKey.values()) {
      assertThat(readme).as("README documents %s", k.key()).contains("`" + k.key() + "`").contains(k.description());
      assertThat(yaml).as("conf/uptake.yaml documents %s", k.key()).contains("# " + k.description());
    }
  }
}
