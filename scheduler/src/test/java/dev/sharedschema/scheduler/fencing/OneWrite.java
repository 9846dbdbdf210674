package dev.sharedschema.scheduler.fencing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A child JVM that tries one write to a database and prints "committed" or "blocked" — another
 * process's view of the locks this JVM holds.
 *
 * <p>Arguments: database path, SQL.
 */
public final class OneWrite {
  private OneWrite() {}

  public static void main(String[] args) {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + args[0] + "?busy_timeout=200");
        Statement st = c.createStatement()) {
      st.execute(args[1]);
      System.out.println("committed");
    } catch (SQLException e) {
      System.out.println("blocked: " + e.getMessage());
    }
  }
}
