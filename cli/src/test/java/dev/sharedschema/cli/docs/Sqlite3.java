package dev.sharedschema.cli.docs;

import dev.sharedschema.parser.SqlClassifier;
import dev.sharedschema.parser.SqlStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sqlite3 DB "SQL"} for DocsIT's sessions: plain sqlite-jdbc on the file, behind the
 * driver's back, as the docs use the sqlite3 shell. Prints rows as sqlite3 does ({@code a|b}) and
 * an error as one line with exit 1.
 */
public final class Sqlite3 {
  private Sqlite3() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: sqlite3 DB SQL");
      System.exit(2);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
        Statement st = c.createStatement()) {
      for (SqlStatement s : SqlClassifier.shared().classify(args[1]).statements()) {
        if (st.execute(s.sql())) {
          try (ResultSet rs = st.getResultSet()) {
            print(rs);
          }
        }
      }
    } catch (SQLException e) {
      System.err.println("Error: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void print(ResultSet rs) throws SQLException {
    int columns = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      List<String> values = new ArrayList<>();
      for (int i = 1; i <= columns; i++) {
        String v = rs.getString(i);
        values.add(v == null ? "" : v);
      }
      System.out.println(String.join("|", values));
    }
  }
}
