package dev.sharedschema.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** One line naming the JVM, the SQLite version and the CPU count, for every report. */
final class Environment {
  private Environment() {}

  static String describe() {
    return "Java "
        + System.getProperty("java.vm.version")
        + ", SQLite "
        + sqliteVersion()
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " CPUs";
  }

  private static String sqliteVersion() {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT sqlite_version()")) {
      rs.next();
      return rs.getString(1);
    } catch (java.sql.SQLException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
