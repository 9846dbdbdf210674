package dev.sharedschema.driver.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Keeps a schema database in a rollback-journal mode with real syncs: its last migration step and
 * its registry commit as one transaction across two files, which SQLite only makes atomic that way
 * (§7).
 */
final class SchemaDatabaseGuard {
  private SchemaDatabaseGuard() {}

  /**
   * Refuses a schema URL or {@code Properties} that ask for WAL or another mode without a journal.
   */
  static void checkRequested(ConnectionSpec spec, Path schema) throws SQLException {
    String mode = spec.sqliteOption("journal_mode");
    if (mode != null && !SchemaGate.JOURNAL_MODES.contains(mode.trim().toLowerCase(Locale.ROOT))) {
      throw refused(schema, "journal_mode=" + mode);
    }
    String sync = spec.sqliteOption("synchronous");
    if (sync != null && (sync.trim().equalsIgnoreCase("off") || sync.trim().equals("0"))) {
      throw refused(schema, "synchronous=" + sync);
    }
  }

  /**
   * Switches a schema file found in WAL back to DELETE, or fails clearly if another process holds
   * it.
   */
  static void ensureRollbackJournal(Connection c, Path schema) throws SQLException {
    String mode = journalMode(c);
    if (SchemaGate.JOURNAL_MODES.contains(mode)) {
      return;
    }
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=DELETE");
    } catch (SQLException e) {
      // fall through to the check below, which reports it
    }
    String after = journalMode(c);
    if (!SchemaGate.JOURNAL_MODES.contains(after)) {
      throw new SQLException(
          "schema database "
              + schema
              + " is in journal_mode="
              + after
              + " and could not be switched to DELETE (another process probably has it open)."
              + " Close other connections to it and open it again; a schema database must keep a"
              + " rollback journal so that each migration's last step commits atomically with its"
              + " registry.",
          "0A000");
    }
  }

  private static String journalMode(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      return rs.getString(1).toLowerCase(Locale.ROOT);
    }
  }

  private static SQLException refused(Path schema, String asked) {
    return new SQLException(
        "schema database "
            + schema
            + " cannot use "
            + asked
            + ": a schema database keeps a rollback journal (journal_mode DELETE, TRUNCATE or PERSIST)"
            + " and synchronous NORMAL or stronger, so that each migration's last step commits"
            + " atomically with its registry. Set journal_mode and synchronous for linked databases on"
            + " their own URLs.",
        "0A000");
  }
}
