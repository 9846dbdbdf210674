package dev.sharedschema.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HikariCP 7: one pool for the schema database (migrations) and one small pool per tenant (data),
 * configured with {@code driverClassName} and {@code jdbcUrl} as for any JDBC driver.
 *
 * <pre>
 * mvn -B -q -pl examples -am compile exec:java -Dexec.mainClass=dev.sharedschema.examples.HikariExample
 * </pre>
 */
public final class HikariExample {
  static final List<String> TENANTS = List.of("north", "south", "east", "west");

  private HikariExample() {}

  public static void main(String[] args) throws Exception {
    Path dir =
        args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("sharedschema-hikari");
    run(dir, System.out);
  }

  static HikariDataSource pool(String name, String url, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setDriverClassName("dev.sharedschema.driver.SharedSchemaDriver");
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }

  static void run(Path dir, PrintStream out) throws SQLException, java.io.IOException {
    Files.createDirectories(dir);
    Path schemaDb = dir.resolve("schema.db");
    Map<String, HikariDataSource> tenants = new LinkedHashMap<>();
    // A schema pool of one: migrations of one schema database run one at a time anyway.
    try (HikariDataSource schema =
        pool("schema", "jdbc:sharedschema:sqlite:" + schemaDb + "?shared_schema=true", 1)) {
      try (Connection c = schema.getConnection();
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE account(id INTEGER PRIMARY KEY, owner TEXT NOT NULL)");
      }
      for (String t : TENANTS) {
        tenants.put(
            t,
            pool(
                "tenant-" + t,
                "jdbc:sharedschema:sqlite:"
                    + dir.resolve(t + ".db")
                    + "?shared_schema_name="
                    + schemaDb,
                2));
      }
      for (var e : tenants.entrySet()) {
        try (Connection c = e.getValue().getConnection();
            PreparedStatement ps = c.prepareStatement("INSERT INTO account(owner) VALUES (?)")) {
          ps.setString(1, e.getKey() + "-owner");
          ps.executeUpdate();
        }
      }
      // A manual transaction through the pool: one migration at commit().
      try (Connection c = schema.getConnection()) {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
          st.execute("ALTER TABLE account ADD COLUMN balance INTEGER NOT NULL DEFAULT 0");
          st.execute("CREATE INDEX account_by_owner ON account(owner)");
        }
        c.commit();
        c.setAutoCommit(true);
      }
      for (var e : tenants.entrySet()) {
        try (Connection c = e.getValue().getConnection();
            Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT owner, balance FROM account")) {
          while (rs.next()) {
            out.println(e.getKey() + ": " + rs.getString(1) + " balance " + rs.getLong(2));
          }
        }
      }
    } finally {
      tenants.values().forEach(HikariDataSource::close);
    }
  }
}
