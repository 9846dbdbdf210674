package dev.sharedschema.examples;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Plain JDBC: a schema database, three tenants, tenant data, and one schema change that reaches
 * every tenant before the call returns.
 *
 * <pre>
 * mvn -B -q -pl examples -am compile exec:java -Dexec.mainClass=dev.sharedschema.examples.QuickStart
 * </pre>
 */
public final class QuickStart {
  static final List<String> TENANTS = List.of("acme", "globex", "initech");

  private QuickStart() {}

  public static void main(String[] args) throws Exception {
    Path dir =
        args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("sharedschema-quickstart");
    run(dir, System.out);
  }

  /**
   * Builds the fleet in {@code dir} (which must be empty or missing) and reports to {@code out}.
   */
  static void run(Path dir, PrintStream out) throws SQLException, java.io.IOException {
    Files.createDirectories(dir);
    String schemaUrl =
        "jdbc:sharedschema:sqlite:" + dir.resolve("schema.db") + "?shared_schema=true";

    // 1. The schema database: every write here is a migration.
    try (Connection schema = DriverManager.getConnection(schemaUrl);
        Statement st = schema.createStatement()) {
      st.execute("CREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    }

    // 2. Tenants: opening a linked URL creates the file as a copy of the schema database.
    for (String tenant : TENANTS) {
      try (Connection c = DriverManager.getConnection(tenantUrl(dir, tenant));
          PreparedStatement ps = c.prepareStatement("INSERT INTO note(body) VALUES (?)")) {
        ps.setString(1, "hello from " + tenant);
        ps.executeUpdate();
      }
    }

    // 3. One schema change: checked on every database, then applied everywhere, schema database
    // last.
    try (Connection schema = DriverManager.getConnection(schemaUrl);
        Statement st = schema.createStatement()) {
      st.execute("ALTER TABLE note ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0");
    }

    // 4. Every tenant has the new column and kept its own rows.
    for (String tenant : TENANTS) {
      try (Connection c = DriverManager.getConnection(tenantUrl(dir, tenant));
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT body, created_at FROM note")) {
        while (rs.next()) {
          out.println(tenant + ": " + rs.getString(1) + " (created_at " + rs.getLong(2) + ")");
        }
      }
    }
  }

  static String tenantUrl(Path dir, String tenant) {
    return "jdbc:sharedschema:sqlite:"
        + dir.resolve(tenant + ".db")
        + "?shared_schema_name="
        + dir.resolve("schema.db");
  }
}
