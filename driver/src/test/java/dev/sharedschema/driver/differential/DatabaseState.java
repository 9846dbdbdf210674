package dev.sharedschema.driver.differential;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a database holds, as one comparable text: every user object's stored SQL, {@code
 * user_version}, and every user table's rows in rowid order. Our own objects ({@code
 * _sharedschema…}) are left out: linked databases hold {@code _sharedschema_applied}.
 */
final class DatabaseState {
  private static final String USER_OBJECTS =
      "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND lower(name) NOT LIKE '\\_sharedschema%' ESCAPE '\\'";

  private DatabaseState() {}

  /**
   * The state {@code c} sees: its own open transaction included, or, for a connection of its own in
   * autocommit, what is committed.
   */
  static String of(Connection c) throws SQLException {
    StringBuilder out = new StringBuilder();
    List<String> tables = new ArrayList<>();
    try (Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT type, name, sql FROM main.sqlite_master WHERE "
                  + USER_OBJECTS
                  + " ORDER BY type, name")) {
        while (rs.next()) {
          out.append(rs.getString(1)).append(' ').append(rs.getString(3)).append('\n');
          if (rs.getString(1).equals("table")) {
            tables.add(rs.getString(2));
          }
        }
      }
      try (ResultSet rs = st.executeQuery("PRAGMA main.user_version")) {
        rs.next();
        out.append("user_version ").append(rs.getInt(1)).append('\n');
      }
      for (String table : tables) {
        out.append(table).append(':');
        try (ResultSet rs =
            st.executeQuery("SELECT * FROM main.\"" + table + "\" ORDER BY rowid")) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            out.append(" (");
            for (int i = 1; i <= columns; i++) {
              out.append(i > 1 ? ", " : "").append(rs.getString(i));
            }
            out.append(')');
          }
        }
        out.append('\n');
      }
    }
    return out.toString();
  }
}
