package dev.sharedschema.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.driver.internal.ConnectionSpec;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionSpecTest {

  @Test
  void ourKeysAreRemovedAndTheRestPassesThroughInOrder() throws SQLException {
    ConnectionSpec spec =
        ConnectionSpec.parse(
            "jdbc:sharedschema:sqlite:/data/t1.db?journal_mode=WAL&shared_schema_name=/data/schema.db&busy_timeout=5",
            new Properties());
    assertThat(spec.sqliteUrl())
        .isEqualTo("jdbc:sqlite:/data/t1.db?journal_mode=WAL&busy_timeout=5");
    assertThat(spec.settings().schemaName()).isEqualTo("/data/schema.db");
    assertThat(spec.location().file()).isEqualTo(Path.of("/data/t1.db"));
  }

  @Test
  void queryIsDroppedWhenOnlyOurKeysWereInIt() throws SQLException {
    ConnectionSpec spec =
        ConnectionSpec.parse("jdbc:sharedschema:sqlite:/data/s.db?shared_schema=true", null);
    assertThat(spec.sqliteUrl()).isEqualTo("jdbc:sqlite:/data/s.db");
    assertThat(spec.settings().sharedSchema()).isTrue();
  }

  @Test
  void valuesArePercentDecodedSoPathsMayHoldReservedCharacters() throws SQLException {
    ConnectionSpec spec =
        ConnectionSpec.parse(
            "jdbc:sharedschema:sqlite:/d/t.db?shared_schema_name=/d/a%26b%3Dc%3F%20x+y.db", null);
    assertThat(spec.settings().schemaName()).isEqualTo("/d/a&b=c? x+y.db");
  }

  @Test
  void propertiesOverrideTheUrlForOurKeys() throws SQLException {
    Properties p = new Properties();
    p.setProperty("shared_schema_workers", "3");
    p.setProperty("SHARED_SCHEMA_TIMEOUT", "2s");
    p.setProperty("foreign_keys", "true");
    ConnectionSpec spec =
        ConnectionSpec.parse("jdbc:sharedschema:sqlite:/d/s.db?shared_schema_workers=5", p);
    assertThat(spec.settings().workers()).isEqualTo(3);
    assertThat(spec.settings().timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(spec.sqliteProperties()).containsOnlyKeys("foreign_keys");
  }

  @Test
  void defaultsFollowTheDesign() throws SQLException {
    ConnectionSpec spec = ConnectionSpec.parse("jdbc:sharedschema:sqlite:/d/x.db", null);
    assertThat(spec.settings().sharedSchema()).isFalse();
    assertThat(spec.settings().schemaName()).isNull();
    assertThat(spec.settings().workers()).isEqualTo(8);
    assertThat(spec.settings().busyTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(spec.settings().timeout()).isNull();
    assertThat(spec.settings().allowAttach()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "shared_schema=maybe",
        "shared_schema_workers=0",
        "shared_schema_workers=many",
        "shared_schema_busy_timeout=-1",
        "shared_schema_timeout=soon",
        "shared_schema_allow_attach=2",
        "shared_schema_name=%ZZ"
      })
  void badValuesOfOurKeysAreRefusedNamingTheKey(String param) {
    String key = param.substring(0, param.indexOf('='));
    assertThatThrownBy(
            () -> ConnectionSpec.parse("jdbc:sharedschema:sqlite:/d/x.db?" + param, null))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(key)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"shared_schema_timout=5", "SHARED_SCHEMA_WORKER=2", "shared_schemas=true"})
  void aKeyThatLooksOursButIsNotIsRefusedNamingItAndListingOurs(String param) {
    String key = param.substring(0, param.indexOf('='));
    assertThatThrownBy(
            () ->
                ConnectionSpec.parse(
                    "jdbc:sharedschema:sqlite:/d/x.db?shared_schema=true&" + param, null))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("unknown key " + key)
        .hasMessageContaining("shared_schema_timeout")
        .hasMessageContaining("shared_schema_local_tables")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
  }

  @Test
  void aKeyThatLooksOursButIsNotIsRefusedInPropertiesToo() {
    Properties p = new Properties();
    p.setProperty("shared_schema_timout", "5");
    assertThatThrownBy(() -> ConnectionSpec.parse("jdbc:sharedschema:sqlite:/d/x.db", p))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("unknown key shared_schema_timout in Properties")
        .hasMessageContaining("shared_schema_timeout")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:sharedschema:sqlite:",
        "jdbc:sharedschema:sqlite::memory:",
        "jdbc:sharedschema:sqlite:file::memory:?cache=shared",
        "jdbc:sharedschema:sqlite:file:mem1?mode=memory&cache=shared",
        "jdbc:sharedschema:sqlite::resource:db/x.db"
      })
  void nonFileLocationsAreRecognised(String url) throws SQLException {
    assertThat(ConnectionSpec.parse(url, null).location().isFile()).isFalse();
  }

  @Test
  void journalModeMemoryIsStillAFile() throws SQLException {
    assertThat(
            ConnectionSpec.parse("jdbc:sharedschema:sqlite:/d/x.db?journal_mode=memory", null)
                .location()
                .isFile())
        .isTrue();
  }

  @Test
  void fileUrisResolveToTheirDecodedPath() throws SQLException {
    assertThat(
            ConnectionSpec.parse("jdbc:sharedschema:sqlite:file:///tmp/a%20b.db?mode=ro", null)
                .location()
                .file())
        .isEqualTo(Path.of("/tmp/a b.db"));
    assertThat(
            ConnectionSpec.parse("jdbc:sharedschema:sqlite:file:/tmp/c.db", null).location().file())
        .isEqualTo(Path.of("/tmp/c.db"));
  }

  @Test
  void urlsOfOtherDriversAreNotOurs() {
    assertThat(ConnectionSpec.accepts("jdbc:sqlite:/x.db")).isFalse();
    assertThat(ConnectionSpec.accepts("jdbc:sharedschema:postgresql://x")).isFalse();
    assertThat(ConnectionSpec.accepts(null)).isFalse();
    assertThat(ConnectionSpec.accepts("jdbc:sharedschema:sqlite:/x.db")).isTrue();
  }
}
