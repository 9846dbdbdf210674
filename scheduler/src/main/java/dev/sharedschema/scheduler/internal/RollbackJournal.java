package dev.sharedschema.scheduler.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;

/**
 * The schema database and its registry must keep a rollback journal (DESIGN.md §7): the final step
 * commits both in one transaction, which SQLite makes atomic across files only that way, and a new
 * linked database is a copy of the schema file, which misses whatever a WAL file holds. Checked
 * inside the transactions that rely on it (a file can be switched to WAL by anyone at any time),
 * and switched back outside them.
 */
public final class RollbackJournal {
  /** Journal modes that keep a rollback journal on disk. */
  public static final Set<String> MODES = Set.of("delete", "truncate", "persist");

  private RollbackJournal() {}

  /** True when database {@code schema} ({@code main} or an alias) of {@code c} keeps one. */
  public static boolean isKept(Connection c, String schema) throws SQLException {
    return MODES.contains(mode(c, schema));
  }

  private static String mode(Connection c, String schema) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA " + schema + ".journal_mode")) {
      rs.next();
      return rs.getString(1).toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Switches database {@code schema} of {@code c} (file {@code file}) back to {@code DELETE}; call
   * outside a transaction. Fails with {@code 0A000} when it cannot (another connection has the file
   * open in WAL mode).
   */
  public static void restore(Connection c, String schema, Path file) throws SQLException {
    if (isKept(c, schema)) {
      return;
    }
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA " + schema + ".journal_mode = DELETE");
    } catch (SQLException e) {
      // reported below with what to do
    }
    String now = mode(c, schema);
    if (!MODES.contains(now)) {
      throw new SQLException(
          file
              + " is in journal_mode="
              + now
              + " and could not be switched back to DELETE (another process has it open in that"
              + " mode). A schema database and its registry keep a rollback journal, so that each"
              + " migration's last step commits atomically with the registry and a new linked"
              + " database copied from it misses nothing: close the other connections (or set"
              + " journal_mode=DELETE on them) and try again.",
          "0A000");
    }
  }
}
