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
    UptakeConfig overridden = c.with(ConfigKey.WAREHOUSE, "/data/wh").with(ConfigKey.INPUTS_INSTALLS, "/landing/installs").with(ConfigKey.INPUTS_CENSUS, null);
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
  void expectationsAndTheSmallestPublishedCountAreReadAndChecked() {
    io.uptake.config.ExpectationSettings d = ConfigLoader.defaults().expectations();
    assertThat(d).isEqualTo(new io.uptake.config.ExpectationSettings(
        new io.uptake.config.ExpectationSettings.Rule(io.uptake.config.ExpectationSettings.Action.WARN, 0.05),
        new io.uptake.config.ExpectationSettings.Rule(io.uptake.config.ExpectationSettings.Action.WARN, 0.5), 7,
        new io.uptake.config.ExpectationSettings.Rule(io.uptake.config.ExpectationSettings.Action.WARN, 0), "smartphones",
        new io.uptake.config.ExpectationSettings.Rule(io.uptake.config.ExpectationSettings.Action.WARN, 0.25)));
    assertThat(ConfigLoader.defaults().publishMinCount()).isNull();

    UptakeConfig c = ConfigLoader.parse("expectations:\n  unresolved_district:\n    action: quarantine\n    max_share: 0.1\n"
        + "  night_volume:\n    action: fail\n    nights: 14\n  phones_above_smartphones:\n    action: off\n"
        + "    denominator: phones_owned\npublish:\n  min_count: 10\n", "c.yaml");
    assertThat(c.expectations().unresolvedDistrict().action()).isEqualTo(io.uptake.config.ExpectationSettings.Action.QUARANTINE);
    assertThat(c.expectations().unresolvedDistrict().limit()).isEqualTo(0.1);
    assertThat(c.expectations().nightVolume().action()).isEqualTo(io.uptake.config.ExpectationSettings.Action.FAIL);
    assertThat(c.expectations().nightVolume().limit()).isEqualTo(0.5);
    assertThat(c.expectations().volumeNights()).isEqualTo(14);
    assertThat(c.expectations().phonesAboveDenominator().action()).isEqualTo(io.uptake.config.ExpectationSettings.Action.OFF);
    assertThat(c.expectations().comparedDenominator()).isEqualTo("phones_owned");
    assertThat(c.publishMinCount()).isEqualTo(10);

    assertThatThrownBy(() -> ConfigLoader.parse("expectations:\n  night_volume:\n    action: quarantine\n", "c.yaml"))
        .hasMessage("Cannot load configuration c.yaml: expectations.night_volume.action is quarantine, but this expectation "
            + "judges a whole night or table, not rows; use off, warn or fail");
    assertThatThrownBy(() -> ConfigLoader.parse("expectations:\n  unresolved_district:\n    action: ignore\n", "c.yaml"))
        .hasMessage("Cannot load configuration c.yaml: expectations.unresolved_district.action is 'ignore'; "
            + "use off or warn or quarantine or fail");
    assertThatThrownBy(() -> ConfigLoader.parse("expectations:\n  unresolved_district:\n    max_share: 5\n", "c.yaml"))
        .hasMessage("Cannot load configuration c.yaml: expectations.unresolved_district.max_share is 5.0; use a number from 0 to 1.0");
    // Each check takes only its own settings, reported with the line.
    assertThatThrownBy(() -> ConfigLoader.parse("expectations:\n  night_volume:\n    max_share: 0.1\n", "c.yaml"))
        .hasMessageStartingWith("Cannot load configuration c.yaml: unknown key 'expectations.night_volume.max_share' at line 3");
    assertThatThrownBy(() -> ConfigLoader.parse("publish:\n  min_count: 1\n", "c.yaml"))
        .hasMessage("Cannot load configuration c.yaml: publish.min_count is 1; use 2 or more (e.g. 10), or leave it unset "
            + "to publish every count");
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
        .isEqualTo(io.uptake.config.OnBadFile.STOP);
    assertThatThrownBy(() -> ConfigLoader.parse("warehouse: [a, b]\n", "c.yaml"))
        .hasMessageStartingWith("Cannot load configuration c.yaml: not valid YAML for Uptake at line 1");
  }

  @Test
  void everyKeyIsDocumentedInTheConfigurationPageAndTheShippedYaml() throws IOException {
    String page = Files.readString(Path.of("docs/configuration.md"));
    String yaml = Files.readString(Path.of("conf/uptake.yaml"));
    // The page's table is the declarations' rows, in their order, and nothing else.
    List<String> rows = page.lines().filter(l -> l.startsWith("| `")).toList();
    assertThat(rows).isEqualTo(ConfigKey.all().stream().map(ConfigKey::tableRow).toList());
    for (ConfigKey<?> k : ConfigKey.all()) {
      assertThat(yaml).as("conf/uptake.yaml documents %s", k.key()).contains("# " + k.description());
    }
  }
}
