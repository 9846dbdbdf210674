package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationStatement;
import dev.sharedschema.scheduler.SchemaFingerprint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tables whose rows SQLite checks when their schema changes: for those, the schema database's dry
 * run (on its own rows, often none) proves nothing about a linked database's. {@code ALTER TABLE …
 * ADD COLUMN} on a {@code STRICT} table type-checks every row ({@code DEFAULT 'x'} on an {@code
 * INTEGER} column fails only when rows exist) and evaluates the table's {@code CHECK}s on them (a
 * row written with {@code ignore_check_constraints} fails it). The parser cannot see a table's
 * definition, so this is decided here, on the schema, in the transaction that reads the proof.
 *
 * <p>Conservative on purpose (when in doubt, apply and roll back): a table counts when its stored
 * SQL has the word {@code STRICT}, {@code CHECK}, {@code GENERATED} or {@code AS} anywhere, and a
 * migration counts as touching it when its text holds the table's name as a word anywhere (so any
 * quoting or qualification, and a rename chain starting from it, are caught).
 */
final class RowCheckedTables {
  private static final Pattern CHECKED_WORD =
      Pattern.compile("\\b(strict|check|generated|as)\\b", Pattern.CASE_INSENSITIVE);

  private static final String TABLES =
      "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' AND sql IS NOT NULL AND "
          + SchemaFingerprint.USER_OBJECTS;

  private RowCheckedTables() {}

  /** True when {@code m} names a table of {@code c}'s schema whose rows SQLite checks. */
  static boolean touchedBy(Connection c, Migration m) throws SQLException {
    StringBuilder text = new StringBuilder();
    for (MigrationStatement s : m.statements()) {
      text.append(s.sql().toLowerCase(Locale.ROOT)).append('\n');
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(TABLES)) {
      while (rs.next()) {
        if (CHECKED_WORD.matcher(rs.getString(2)).find() && names(text, rs.getString(1))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * True when {@code text} holds the name as a whole word (bare, quoted in any way, or qualified),
   * as written or with the quote characters inside it doubled as SQL escapes them.
   */
  private static boolean names(StringBuilder text, String table) {
    String name = table.toLowerCase(Locale.ROOT);
    return word(text, name)
        || word(text, name.replace("\"", "\"\""))
        || word(text, name.replace("'", "''"))
        || word(text, name.replace("`", "``"));
  }

  private static boolean word(StringBuilder text, String name) {
    for (int at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      int end = at + name.length();
      if ((at == 0 || !wordChar(text.charAt(at - 1)))
          && (end == text.length() || !wordChar(text.charAt(end)))) {
        return true;
      }
    }
    return false;
  }

  /** A character SQLite allows inside a bare identifier. */
  private static boolean wordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
  }
}
