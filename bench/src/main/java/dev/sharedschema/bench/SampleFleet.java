package dev.sharedschema.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;

/**
 * A schema database with one linked database (and, on request, a plain copy without role), each
 * holding the same {@code users} rows, in a temp directory. The benchmarks open these files raw and
 * through {@code jdbc:sharedschema:sqlite:}, so both sides read identical data.
 */
final class SampleFleet implements AutoCloseable {
  final Path dir;
  final Path schema;
  final Path tenant;

  private SampleFleet(Path dir) {
    this.dir = dir;
    this.schema = dir.resolve("schema.db");
    this.tenant = dir.resolve("tenant.db");
  }

  /**
   * Creates the schema database, links the tenant (created as its copy) and fills both with {@code
   * rows} users.
   */
  static SampleFleet create(int rows) throws SQLException, IOException {
    SampleFleet f = new SampleFleet(Files.createTempDirectory("sharedschema-bench"));
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sharedschema:sqlite:" + f.schema + "?shared_schema=true");
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL)");
    }
    DriverManager.getConnection(f.linkedUrl()).close();
    fill(f.schema, rows);
    fill(f.tenant, rows);
    return f;
  }

  /**
   * The URL of {@code mode}: {@code raw} = plain sqlite-jdbc on the tenant; the others open through
   * sharedschema the tenant as a linked database, the schema database, or a copy of the tenant
   * without its link (no role: plain pass-through).
   */
  String url(String mode) throws SQLException, IOException {
    return switch (mode) {
      case "raw" -> "jdbc:sqlite:" + tenant;
      case "plain" -> "jdbc:sharedschema:sqlite:" + plainCopy();
      case "linked" -> linkedUrl();
      case "schema" -> "jdbc:sharedschema:sqlite:" + schema + "?shared_schema=true";
      default -> throw new IllegalArgumentException(mode);
    };
  }

  private String linkedUrl() {
    return "jdbc:sharedschema:sqlite:" + tenant + "?shared_schema_name=" + schema;
  }

  /**
   * Fails unless {@code c} really took the role {@code mode} names, so that a driver change that
   * silently falls back to pass-through cannot make a benchmark look fast.
   */
  static void requireRole(Connection c, String mode) throws SQLException {
    String probe =
        switch (mode) {
          case "linked" ->
              "CREATE TABLE probe_refused(a)"; // schema change on a linked database: 42000
          case "schema" -> "BEGIN"; // transaction text on a schema connection: 25000
          default -> null;
        };
    if (probe == null) {
      return;
    }
    try (Statement st = c.createStatement()) {
      st.execute(probe);
    } catch (SQLException expected) {
      return;
    }
    throw new IllegalStateException(
        mode + " connection accepted `" + probe + "`: it did not take its role");
  }

  /** Rows are written with raw sqlite-jdbc: reference rows are not the point here. */
  private static void fill(Path db, int rows) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO users(id, name, email) VALUES (?, ?, ?)")) {
      c.setAutoCommit(false);
      for (int i = 1; i <= rows; i++) {
        ps.setInt(1, i);
        ps.setString(2, "user" + i);
        ps.setString(3, "user" + i + "@example.com");
        ps.addBatch();
      }
      ps.executeBatch();
      c.commit();
    }
  }

  private Path plainCopy() throws SQLException, IOException {
    Path plain = dir.resolve("plain.db");
    Files.copy(tenant, plain);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + plain);
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE _sharedschema_applied");
    }
    return plain;
  }

  @Override
  public void close() throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
