package dev.sharedschema.driver.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * Keeps a schema database in a rollback-journal mode with real syncs: its last migration step and
 * its registry commit as one transaction across two files, which SQLite only makes atomic that way
 * (§7).
 */
final class SchemaDatabaseGuard {
  private SchemaDatabaseGuard() {}

  /** The storage settings a schema database may not take, whichever way they are asked for. */
  enum Refused {
    /** WAL, OFF, MEMORY or {@code synchronous=OFF}: no atomic commit across two files. */
    NO_ROLLBACK_JOURNAL,
    /** {@code locking_mode=EXCLUSIVE}: the final step could never lock the file. */
    EXCLUSIVE_LOCK
  }

  /**
   * Why setting storage pragma {@code name} to {@code value} is refused on a schema database, or
   * {@code null} when it is allowed.
   */
  static Refused refusal(String name, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "journal_mode" ->
          SchemaGate.JOURNAL_MODES.contains(v) ? null : Refused.NO_ROLLBACK_JOURNAL;
      case "synchronous" -> v.equals("off") || v.equals("0") ? Refused.NO_ROLLBACK_JOURNAL : null;
      case "locking_mode" -> v.equals("exclusive") ? Refused.EXCLUSIVE_LOCK : null;
      default -> null;
    };
  }

  /** What is wrong with {@code refused}, and what to do instead: the end of every such message. */
  static String explain(Refused refused) {
    return switch (refused) {
      case NO_ROLLBACK_JOURNAL ->
          "a schema database keeps a rollback journal (journal_mode DELETE, TRUNCATE or PERSIST)"
              + " and synchronous NORMAL or stronger, so that each migration's last step commits"
              + " atomically with its registry. Set journal_mode and synchronous for linked"
              + " databases on their own URLs.";
      case EXCLUSIVE_LOCK ->
          "each migration's last step locks the schema database from a connection of its own,"
              + " which a connection holding an exclusive lock would block forever (the fleet would"
              + " pause in RunFailure). Keep locking_mode NORMAL on a schema database; set it for"
              + " linked databases on their own URLs.";
    };
  }

  /**
   * Refuses a schema URL or {@code Properties} that ask for WAL or another mode without a journal,
   * or for an exclusive lock.
   */
  static void checkRequested(ConnectionSpec spec, Path schema) throws SQLException {
    for (String name : List.of("journal_mode", "synchronous", "locking_mode")) {
      String value = spec.sqliteOption(name);
      Refused r = value == null ? null : refusal(name, value);
      if (r != null) {
        throw new SQLException(
            "schema database " + schema + " cannot use " + name + "=" + value + ": " + explain(r),
            "0A000");
      }
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
}
