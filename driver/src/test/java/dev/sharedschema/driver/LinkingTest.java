package dev.sharedschema.driver;

import static dev.sharedschema.driver.SchemaConnectionRulesTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a linked URL links the file (DESIGN.md §3). */
class LinkingTest {
  @TempDir Path dir;
  Path schema;

  @BeforeEach
  void createSchema() throws SQLException {
    schema = dir.resolve("schema.db");
    try (Connection c = Sql.open(Sql.schemaUrl(schema) + "&page_size=8192")) {
      Sql.exec(c, "CREATE TABLE plan(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      Sql.exec(c, "CREATE INDEX plan_name ON plan(name)");
      Sql.exec(c, "INSERT INTO plan(name) VALUES ('free'), ('pro')");
      Sql.exec(c, "PRAGMA user_version = 3");
    }
  }

  @Test
  void aMissingFileIsCreatedAsACopyOfTheSchemaDatabase() throws Exception {
    Path tenant = dir.resolve("tenants/t1.db");
    assertThat(tenant.getParent().toFile().mkdirs()).isTrue();
    try (Connection c = Sql.open(Sql.linkedUrl(tenant, schema) + "&journal_mode=WAL")) {
      assertThat(Sql.column(c, "SELECT name FROM plan ORDER BY id")).containsExactly("free", "pro");
      assertThat(Sql.column(c, "PRAGMA user_version")).containsExactly("3");
      assertThat(Sql.column(c, "PRAGMA page_size")).containsExactly("8192");
      assertThat(Sql.column(c, "PRAGMA journal_mode")).containsExactly("wal");
      assertThat(
              Sql.column(
                  c, "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'plan_name'"))
          .containsExactly("plan_name");
    }
    // The link mark names the schema database relative to the file (a fleet directory can move),
    // and a baseline row says which finished job the copy holds.
    assertThat(
            Sql.rawColumn(
                tenant,
                "SELECT state || ' ' || job_id || ' ' || schema_db FROM _sharedschema_applied"
                    + " ORDER BY job_id"))
        .containsExactly("Linked 0 ../schema.db", "Baseline 4 ../schema.db");
    assertThat(
            Sql.rawColumn(
                dir.resolve("schema.db.sharedschema"), "SELECT path FROM _sharedschema_links"))
        .containsExactly("tenants/t1.db");
    assertThat(Files.list(tenant.getParent()).map(p -> p.getFileName().toString()))
        .allMatch(n -> !n.endsWith(".linking"));
  }

  @Test
  void anExistingFileWithTheSameSchemaIsLinked() throws SQLException {
    Path tenant = dir.resolve("t2.db");
    Sql.rawExec(tenant, "CREATE TABLE plan(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    Sql.rawExec(tenant, "CREATE INDEX plan_name ON plan(name)");
    Sql.rawExec(tenant, "PRAGMA user_version = 3");
    Sql.rawExec(tenant, "INSERT INTO plan(name) VALUES ('own-row')");
    Sql.open(Sql.linkedUrl(tenant, schema)).close();
    assertThat(Sql.rawColumn(tenant, "SELECT name FROM plan")).containsExactly("own-row");
    assertThat(Sql.rawColumn(tenant, "SELECT state FROM _sharedschema_applied ORDER BY job_id"))
        .containsExactly("Linked", "Baseline");
  }

  @Test
  void anExistingFileWithAnotherSchemaIsRefusedWithADiff() throws SQLException {
    Path tenant = dir.resolve("t3.db");
    Sql.rawExec(tenant, "CREATE TABLE plan(id INTEGER PRIMARY KEY)");
    Sql.rawExec(tenant, "CREATE TABLE extra(x)");
    assertRefused(() -> Sql.open(Sql.linkedUrl(tenant, schema)), "08004")
        .hasMessageContaining("different table plan")
        .hasMessageContaining("missing index plan_name")
        .hasMessageContaining("extra table extra")
        .hasMessageContaining("user_version is 0, expected 3");
    assertThat(
            Sql.rawColumn(
                tenant, "SELECT name FROM sqlite_master WHERE name LIKE '\\_%' ESCAPE '\\'"))
        .isEmpty();
  }

  @Test
  void linkingToASecondSchemaDatabaseIsRefused() throws SQLException {
    Path other = dir.resolve("other.db");
    try (Connection c = Sql.open(Sql.schemaUrl(other))) {
      Sql.exec(c, "CREATE TABLE plan(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      Sql.exec(c, "CREATE INDEX plan_name ON plan(name)");
      Sql.exec(c, "PRAGMA user_version = 3");
    }
    Path tenant = dir.resolve("t4.db");
    Sql.open(Sql.linkedUrl(tenant, schema)).close();
    assertRefused(() -> Sql.open(Sql.linkedUrl(tenant, other)), "08004")
        .hasMessageContaining("already linked")
        .hasMessageContaining(schema.toString());
  }

  @Test
  void aSchemaNameThatIsNoSchemaDatabaseSaysHowToMakeOne() throws SQLException {
    Path notSchema = dir.resolve("plain.db");
    Sql.rawExec(notSchema, "CREATE TABLE x(a)");
    assertRefused(() -> Sql.open(Sql.linkedUrl(dir.resolve("t5.db"), notSchema)), "08001")
        .hasMessageContaining("is not a schema database")
        .hasMessageContaining("shared_schema=true");
    assertThat(dir.resolve("t5.db")).doesNotExist();
  }

  @Test
  void aRelativeSchemaNameResolvesAgainstTheWorkingDirectory() throws SQLException {
    Path cwd = Path.of("").toAbsolutePath();
    Path relative = cwd.relativize(schema);
    Path tenant = dir.resolve("t6.db");
    try (Connection c =
        Sql.open("jdbc:sharedschema:sqlite:" + tenant + "?shared_schema_name=" + relative)) {
      assertThat(Sql.column(c, "SELECT count(*) FROM plan")).containsExactly("2");
    }
  }

  @Test
  void aMissingDirectoryIsNamed() {
    Path nowhere = dir.resolve("no/such/dir/t.db");
    assertRefused(() -> Sql.open(Sql.linkedUrl(nowhere, schema)), "08001")
        .hasMessageContaining("the directory " + nowhere.getParent() + " does not exist");
    assertRefused(() -> Sql.open(Sql.schemaUrl(nowhere)), "08001")
        .hasMessageContaining("does not exist");
  }

  @Test
  void aMissingDirectoryIsNamedWhenLinkingThroughTheApi() throws Exception {
    Path nowhere = dir.resolve("no/such/dir/t.db");
    Path fine = dir.resolve("t.db");
    try (SharedSchema fleet = SharedSchema.open(schema)) {
      assertRefused(() -> fleet.linkAll(List.of(fine, nowhere)), "08004")
          .hasMessageContaining("cannot link " + nowhere)
          .hasMessageContaining("the directory " + nowhere.getParent() + " does not exist");
      assertThat(fleet.links()).isEmpty();
    }
    assertThat(fine).doesNotExist();
  }

  @Test
  void aFileCannotBeItsOwnSchemaDatabase() {
    assertRefused(() -> Sql.open(Sql.linkedUrl(schema, schema)), "08001");
  }
}
