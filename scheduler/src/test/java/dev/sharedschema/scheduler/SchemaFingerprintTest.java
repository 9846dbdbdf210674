package dev.sharedschema.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaFingerprintTest {
  @TempDir Path dir;

  private SchemaFingerprint fingerprint(String name, String... ddl) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name));
        Statement st = c.createStatement()) {
      for (String sql : ddl) {
        st.execute(sql);
      }
      return SchemaFingerprint.read(c);
    }
  }

  @Test
  void equalSchemasHaveNoDifferencesDespiteWhitespaceAndRows() throws SQLException {
    SchemaFingerprint a =
        fingerprint("a.db", "CREATE TABLE t(a  INT,\n b TEXT)", "INSERT INTO t VALUES (1, 'x')");
    SchemaFingerprint b = fingerprint("b.db", "CREATE TABLE t(a INT, b TEXT)");
    assertThat(a.differencesFrom(b)).isEmpty();
    assertThat(a).isEqualTo(b);
  }

  @Test
  void eachKindOfDriftIsNamed() throws SQLException {
    SchemaFingerprint expected =
        fingerprint(
            "e.db",
            "CREATE TABLE t(a INT, b TEXT)",
            "CREATE INDEX ti ON t(a)",
            "CREATE VIEW v AS SELECT a FROM t",
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END",
            "PRAGMA user_version = 2");
    SchemaFingerprint actual =
        fingerprint(
            "x.db",
            "CREATE TABLE t(a INT, b TEXT, c REAL)",
            "CREATE VIEW v AS SELECT a FROM t",
            "CREATE TABLE extra(z)");
    assertThat(actual.differencesFrom(expected))
        .anySatisfy(d -> assertThat(d).startsWith("different table t"))
        .contains(
            "missing index ti",
            "missing trigger tr",
            "extra table extra",
            "user_version is 0, expected 2")
        .hasSize(5);
  }

  @Test
  void ourOwnTableAndSqlitesAreIgnored() throws SQLException {
    SchemaFingerprint a =
        fingerprint(
            "a.db",
            "CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT)",
            "CREATE TABLE _sharedschema_applied(x PRIMARY KEY)");
    SchemaFingerprint b =
        fingerprint("b.db", "CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT)");
    assertThat(a.differencesFrom(b)).isEmpty();
  }
}
