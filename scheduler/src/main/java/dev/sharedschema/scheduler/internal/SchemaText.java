package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.SchemaFingerprint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database's schema as one exact text: every table, index, view and trigger (type, name and SQL
 * as stored, in a fixed order) and {@code user_version}, leaving out SQLite's own objects and ours.
 * Two databases with equal texts have the same schema to the letter, which is what proving a
 * schema-determined dry run needs (stricter than {@link
 * dev.sharedschema.scheduler.SchemaFingerprint}, which forgives whitespace).
 */
final class SchemaText {
  private static final String ENTRY_SEPARATOR = "\u001e";
  private static final String VERSION_SEPARATOR = "\u001d";

  /** A scalar subquery yielding the text of {@code main}. */
  static final String OF_MAIN =
      "(SELECT coalesce(group_concat(type || ' ' || name || ' ' || coalesce(sql, ''), char(30)"
          + " ORDER BY type, name), '')"
          + " FROM main.sqlite_master WHERE "
          + SchemaFingerprint.USER_OBJECTS
          + ")"
          + " || char(29) || (SELECT user_version FROM main.pragma_user_version)";

  /** The rows {@link #OF_MAIN} concatenates, in its order. */
  private static final String ROWS_OF_MAIN =
      "SELECT type, name, sql FROM main.sqlite_master WHERE "
          + SchemaFingerprint.USER_OBJECTS
          + " ORDER BY type, name";

  private SchemaText() {}

  /**
   * True when {@code expected} is the text of {@code c}'s main database: the same text as {@link
   * #OF_MAIN} yields, compared piece by piece with its rows as they are read. Two plain reads cost
   * a linked database's proven dry run less than the one statement that concatenates inside SQLite
   * (its aggregate, sorter and subqueries are compiled afresh on every connection;
   * docs/benchmarks.md §8), and a mismatch ends the comparison at the first row that differs. A row
   * SQLite would leave out of the text (a null type) answers false: the caller then makes the full
   * dry run.
   */
  static boolean isTextOf(Connection c, String expected) throws SQLException {
    int at = 0;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(ROWS_OF_MAIN)) {
      while (rs.next() && at >= 0) {
        String type = rs.getString(1);
        String name = rs.getString(2);
        String sql = rs.getString(3);
        if (type == null || name == null) {
          return false;
        }
        if (at > 0) {
          at = skip(expected, at, ENTRY_SEPARATOR);
        }
        at = skip(expected, at, type);
        at = skip(expected, at, " ");
        at = skip(expected, at, name);
        at = skip(expected, at, " ");
        at = sql == null ? at : skip(expected, at, sql);
      }
    }
    if (at < 0) {
      return false;
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA main.user_version")) {
      rs.next();
      at = skip(expected, at, VERSION_SEPARATOR + Long.toString(rs.getLong(1)));
    }
    return at == expected.length();
  }

  /** The position in {@code text} after {@code piece} when it stands at {@code at}, else -1. */
  private static int skip(String text, int at, String piece) {
    return at >= 0 && text.startsWith(piece, at) ? at + piece.length() : -1;
  }

  /** The schema text of {@code c}'s main database. */
  static String read(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + OF_MAIN)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
