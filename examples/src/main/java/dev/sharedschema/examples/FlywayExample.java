package dev.sharedschema.examples;

import dev.sharedschema.driver.SharedSchemaDataSource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway 13 against the schema database through a {@code DataSource}: Flyway recognises the
 * connection as SQLite (the product name stays {@code SQLite}) and runs each versioned migration,
 * with its history row, in one transaction, which sharedschema turns into one migration job. So
 * every tenant gets the change and its own {@code flyway_schema_history} row, once.
 *
 * <pre>
 * mvn -B -q -pl examples -am compile exec:java -Dexec.mainClass=dev.sharedschema.examples.FlywayExample
 * </pre>
 */
public final class FlywayExample {
  static final List<String> TENANTS = List.of("t1", "t2", "t3");

  private FlywayExample() {}

  public static void main(String[] args) throws Exception {
    Path dir =
        args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("sharedschema-flyway");
    run(dir, System.out);
  }

  static void run(Path dir, PrintStream out) throws SQLException, java.io.IOException {
    Files.createDirectories(dir);
    Path schemaDb = dir.resolve("schema.db");
    SharedSchemaDataSource schema =
        new SharedSchemaDataSource("jdbc:sharedschema:sqlite:" + schemaDb + "?shared_schema=true");
    schema.getConnection().close(); // makes the schema database and its registry
    for (String t : TENANTS) {
      DriverManager.getConnection(url(dir, t, schemaDb)).close(); // links (creates) each tenant
    }
    MigrateResult result =
        Flyway.configure().dataSource(schema).locations("classpath:db/migration").load().migrate();
    out.println("Flyway applied " + result.migrationsExecuted + " migrations");
    for (String t : TENANTS) {
      try (Connection c = DriverManager.getConnection(url(dir, t, schemaDb));
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT group_concat(version, ',') FROM flyway_schema_history WHERE success = 1")) {
        rs.next();
        out.println(t + ": flyway_schema_history versions " + rs.getString(1));
      }
    }
  }

  static String url(Path dir, String tenant, Path schemaDb) {
    return "jdbc:sharedschema:sqlite:"
        + dir.resolve(tenant + ".db")
        + "?shared_schema_name="
        + schemaDb;
  }
}
