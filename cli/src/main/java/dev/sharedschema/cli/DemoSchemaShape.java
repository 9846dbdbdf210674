package dev.sharedschema.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the demo's schema database holds, in one line: {@code 5 tables, 2 indexes, 1 view, …}. */
final class DemoSchemaShape {
  private DemoSchemaShape() {}

  static String describe(Path schemaDb) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + schemaDb + "?open_mode=1");
        Statement st = c.createStatement()) {
      int tables =
          count(
              st,
              "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
      int indexes =
          count(st, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL");
      int views = count(st, "SELECT count(*) FROM sqlite_master WHERE type = 'view'");
      int plans = count(st, "SELECT count(*) FROM plans");
      int version = count(st, "PRAGMA user_version");
      return Units.count(tables, "table")
          + ", "
          + Units.count(indexes, "index", "indexes")
          + ", "
          + Units.count(views, "view")
          + ", "
          + plans
          + " reference rows in plans, user_version "
          + version;
    }
  }

  private static int count(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }
}
