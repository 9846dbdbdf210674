package dev.sharedschema.driver.scaleout;

import dev.sharedschema.driver.SharedSchemaDriver;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Opens the URL given, in a JVM without PostgreSQL's driver; prints the error's state and text. */
public final class NoPostgresDriver {
  private NoPostgresDriver() {}

  @SuppressWarnings("SystemOut")
  public static void main(String[] args) {
    SharedSchemaDriver.register();
    try {
      DriverManager.getConnection(args[0]).close();
      System.out.println("opened");
    } catch (SQLException e) {
      System.out.println(e.getSQLState() + " " + e.getMessage());
    }
  }
}
