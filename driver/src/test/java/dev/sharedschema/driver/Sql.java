package dev.sharedschema.driver;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for tests that talk to real SQLite files. */
final class Sql {
  private Sql() {}

  static Connection open(String url) throws SQLException {
    return DriverManager.getConnection(url);
  }

  static String schemaUrl(Path schema) {
    return "jdbc:sharedschema:sqlite:" + schema + "?shared_schema=true";
  }

  static String linkedUrl(Path db, Path schema) {
    return "jdbc:sharedschema:sqlite:" + db + "?shared_schema_name=" + schema;
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /**
   * Runs a statement on a plain sqlite-jdbc connection to {@code file} (no sharedschema involved).
   */
  static void rawExec(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      exec(c, sql);
    }
  }

  /** The first column of every row, as strings, read through plain sqlite-jdbc. */
  static List<String> rawColumn(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      return column(c, sql);
    }
  }

  static List<String> column(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
