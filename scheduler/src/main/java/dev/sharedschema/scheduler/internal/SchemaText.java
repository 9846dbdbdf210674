package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.SchemaFingerprint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database's schema as one exact text, computed inside SQLite in one statement: every table,
 * index, view and trigger (type, name and SQL as stored, in a fixed order) and {@code
 * user_version}, leaving out SQLite's own objects and ours. Two databases with equal texts have the
 * same schema to the letter, which is what proving a schema-determined dry run needs (stricter than
 * {@link dev.sharedschema.scheduler.SchemaFingerprint}, which forgives whitespace).
 */
final class SchemaText {
  /** A scalar subquery yielding the text of {@code main}. */
  static final String OF_MAIN =
      "(SELECT coalesce(group_concat(type || ' ' || name || ' ' || coalesce(sql, ''), char(30)"
          + " ORDER BY type, name), '')"
          + " FROM main.sqlite_master WHERE "
          + SchemaFingerprint.USER_OBJECTS
          + ")"
          + " || char(29) || (SELECT user_version FROM main.pragma_user_version)";

  private SchemaText() {}

  /** The schema text of {@code c}'s main database. */
  static String read(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + OF_MAIN)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
