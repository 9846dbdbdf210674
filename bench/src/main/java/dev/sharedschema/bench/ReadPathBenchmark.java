package dev.sharedschema.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The read path of raw sqlite-jdbc against the same file opened through sharedschema: as a plain
 * file (no role), as a linked database and as a schema database. Goal: wrapped ≥ 97% of raw.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ReadPathBenchmark {
  private static final int ROWS = 1000;

  /** raw = plain sqlite-jdbc; the others open the same data through jdbc:sharedschema:sqlite:. */
  @Param({"raw", "plain", "linked", "schema"})
  public String mode;

  private Path dir;
  private Connection connection;
  private PreparedStatement pointSelect;
  private PreparedStatement hundredRows;
  private Statement statement;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws SQLException, IOException {
    dir = Files.createTempDirectory("sharedschema-bench");
    Path schema = dir.resolve("schema.db");
    Path tenant = dir.resolve("tenant.db");
    try (Connection c = DriverManager.getConnection("jdbc:sharedschema:sqlite:" + schema + "?shared_schema=true");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL)");
    }
    DriverManager.getConnection("jdbc:sharedschema:sqlite:" + tenant + "?shared_schema_name=" + schema).close();
    fill(schema);
    fill(tenant);
    String url =
        switch (mode) {
          case "raw" -> "jdbc:sqlite:" + tenant;
          case "plain" -> "jdbc:sharedschema:sqlite:" + copyWithoutRole(tenant);
          case "linked" -> "jdbc:sharedschema:sqlite:" + tenant + "?shared_schema_name=" + schema;
          case "schema" -> "jdbc:sharedschema:sqlite:" + schema + "?shared_schema=true";
          default -> throw new IllegalArgumentException(mode);
        };
    connection = DriverManager.getConnection(url);
    pointSelect = connection.prepareStatement("SELECT name, email FROM users WHERE id = ?");
    hundredRows = connection.prepareStatement("SELECT id, name, email FROM users WHERE id > ? LIMIT 100");
    statement = connection.createStatement();
  }

  /** Rows are written with raw sqlite-jdbc: reference rows are not the point here. */
  private static void fill(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps = c.prepareStatement("INSERT INTO users(id, name, email) VALUES (?, ?, ?)")) {
      c.setAutoCommit(false);
      for (int i = 1; i <= ROWS; i++) {
        ps.setInt(1, i);
        ps.setString(2, "user" + i);
        ps.setString(3, "user" + i + "@example.com");
        ps.addBatch();
      }
      ps.executeBatch();
      c.commit();
    }
  }

  private Path copyWithoutRole(Path tenant) throws SQLException, IOException {
    Path plain = dir.resolve("plain.db");
    Files.copy(tenant, plain);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + plain);
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE _sharedschema_applied");
    }
    return plain;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException, IOException {
    connection.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private int nextId() {
    next = next % ROWS + 1;
    return next;
  }

  @Benchmark
  public void preparedPointSelect(Blackhole bh) throws SQLException {
    pointSelect.setInt(1, nextId());
    try (ResultSet rs = pointSelect.executeQuery()) {
      rs.next();
      bh.consume(rs.getString(1));
      bh.consume(rs.getString(2));
    }
  }

  @Benchmark
  public void statementRepeatedText(Blackhole bh) throws SQLException {
    try (ResultSet rs = statement.executeQuery("SELECT name, email FROM users WHERE id = 42")) {
      rs.next();
      bh.consume(rs.getString(1));
    }
  }

  @Benchmark
  public void iterate100Rows(Blackhole bh) throws SQLException {
    hundredRows.setInt(1, nextId() % (ROWS - 100));
    try (ResultSet rs = hundredRows.executeQuery()) {
      while (rs.next()) {
        bh.consume(rs.getInt(1));
        bh.consume(rs.getString(2));
        bh.consume(rs.getString(3));
      }
    }
  }
}
