package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connections the scheduler opens on linked and schema databases: they never create a missing
 * file, wait out a lock for the busy slice {@link BusyRetry} loops on, and keep the file's own
 * settings — whatever way the settings reach sqlite-jdbc.
 */
class SqliteFilesTest {
  @TempDir Path dir;

  @Test
  void taskAndExistingConnectionsWaitOneBusySliceForALock() throws SQLException {
    Path db = database("tenant.db");
    try (Connection task = SqliteFiles.openTask(db);
        Connection existing = SqliteFiles.openExisting(db)) {
      assertThat(busyTimeout(task)).isEqualTo(1000);
      assertThat(busyTimeout(existing)).isEqualTo(1000);
    }
  }

  @Test
  void aReadOnlyConnectionWaitsTooAndCannotWrite() throws SQLException {
    Path db = database("tenant.db");
    try (Connection c = SqliteFiles.openReadOnly(db);
        Statement st = c.createStatement()) {
      assertThat(busyTimeout(c)).isEqualTo(1000);
      assertThatThrownBy(() -> st.execute("CREATE TABLE u(x)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("readonly");
    }
  }

  @Test
  void aMissingFileIsNeverCreated() {
    Path missing = dir.resolve("gone.db");
    assertThatThrownBy(() -> SqliteFiles.openTask(missing).close())
        .isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> SqliteFiles.openExisting(missing).close())
        .isInstanceOf(SQLException.class);
    assertThat(missing).doesNotExist();
  }

  @Test
  void theFilesOwnJournalModeAndSyncLevelAreKept() throws SQLException {
    Path db = database("wal.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
    }
    try (Connection c = SqliteFiles.openTask(db)) {
      assertThat(pragma(c, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(c, "synchronous")).isEqualTo("2"); // SQLite's default, FULL
    }
  }

  @Test
  void aTaskConnectionAppliesAndReadsAsUsual() throws SQLException {
    Path db = database("tenant.db");
    try (Connection c = SqliteFiles.openTask(db);
        Statement st = c.createStatement()) {
      st.execute("BEGIN EXCLUSIVE");
      st.execute("ALTER TABLE t ADD COLUMN b TEXT");
      st.execute("INSERT INTO t(a, b) VALUES (1, 'x')");
      st.execute("COMMIT");
      try (ResultSet rs = st.executeQuery("SELECT b FROM t WHERE a = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("x");
      }
    }
  }

  private Path database(String name) throws SQLException {
    Path db = dir.resolve(name);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t(a INTEGER)");
    }
    assertThat(Files.isRegularFile(db)).isTrue();
    return db;
  }

  private static int busyTimeout(Connection c) throws SQLException {
    return Integer.parseInt(pragma(c, "busy_timeout"));
  }

  private static String pragma(Connection c, String name) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
