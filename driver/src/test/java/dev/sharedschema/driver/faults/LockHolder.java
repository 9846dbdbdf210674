package dev.sharedschema.driver.faults;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Runs in a child JVM: another process writing to a tenant's file with plain sqlite-jdbc. Commands
 * on stdin: {@code lock} (BEGIN IMMEDIATE and insert a row, answers "= locked"), {@code commit}
 * (answers "= committed"). End of input rolls back whatever is open and exits.
 */
public final class LockHolder {
  static final String ROW = "written by another process";

  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
        Statement st = c.createStatement();
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      System.out.println("= ready");
      String command;
      while ((command = in.readLine()) != null) {
        switch (command) {
          case "lock" -> {
            st.execute("BEGIN IMMEDIATE");
            st.execute("INSERT INTO notes(body) VALUES ('" + ROW + "')");
            System.out.println("= locked");
          }
          case "commit" -> {
            st.execute("COMMIT");
            System.out.println("= committed");
          }
          default -> System.out.println("= unknown command " + command);
        }
      }
    }
  }
}
