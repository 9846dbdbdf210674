package dev.sharedschema.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryFileTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  @TempDir Path dir;

  @Test
  void registryLivesBesideTheSchemaFileAndKeepsItsId() throws SQLException {
    Path schema = dir.resolve("schema.db");
    assertThat(RegistryFile.existsFor(schema)).isFalse();
    String id;
    try (Registry r = RegistryFile.openOrCreate(schema, CLOCK)) {
      id = r.id();
      assertThat(r.schemaDatabase()).isEqualTo(schema);
    }
    assertThat(Files.isRegularFile(dir.resolve("schema.db.sharedschema"))).isTrue();
    assertThat(RegistryFile.existsFor(schema)).isTrue();
    try (Registry r = RegistryFile.open(schema, CLOCK)) {
      assertThat(r.id()).isEqualTo(id);
    }
  }

  @Test
  void registryStaysInARollbackJournalMode() throws SQLException {
    Path schema = dir.resolve("schema.db");
    RegistryFile.openOrCreate(schema, CLOCK).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + RegistryFile.pathFor(schema));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("delete");
    }
  }

  @Test
  void openingAMissingRegistrySaysHowToCreateIt() {
    Path schema = dir.resolve("nothing.db");
    assertThatThrownBy(() -> RegistryFile.open(schema, CLOCK))
        .isInstanceOf(NotASchemaDatabaseException.class)
        .hasMessageContaining("shared_schema=true")
        .hasMessageContaining("sharedschema init");
  }

  @Test
  void linksAreStoredRelativeUnderTheSchemaDirectoryAndAbsoluteElsewhere(@TempDir Path elsewhere)
      throws SQLException {
    Path schema = dir.resolve("schema.db");
    try (Registry r = RegistryFile.openOrCreate(schema, CLOCK)) {
      r.addLinks(List.of(dir.resolve("tenants/a.db"), elsewhere.resolve("b.db")), 0, 0);
      r.addLinks(List.of(dir.resolve("tenants/../tenants/a.db")), 0, 0);
      assertThat(r.links())
          .containsExactlyInAnyOrder(dir.resolve("tenants/a.db"), elsewhere.resolve("b.db"));
      assertThat(r.isLinked(dir.resolve("tenants/a.db"))).isTrue();
      assertThat(r.isLinked(dir.resolve("tenants/c.db"))).isFalse();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + RegistryFile.pathFor(schema));
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT path FROM _sharedschema_links ORDER BY linked_at, path")) {
      java.util.List<String> paths = new java.util.ArrayList<>();
      while (rs.next()) {
        paths.add(rs.getString(1));
      }
      assertThat(paths)
          .containsExactlyInAnyOrder("tenants/a.db", elsewhere.resolve("b.db").toString());
    }
  }
}
