package dev.sharedschema.bench;

import java.io.IOException;
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

  private SampleFleet fleet;
  private Connection connection;
  private PreparedStatement pointSelect;
  private PreparedStatement hundredRows;
  private Statement statement;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws SQLException, IOException {
    fleet = SampleFleet.create(ROWS);
    connection = DriverManager.getConnection(fleet.url(mode));
    SampleFleet.requireRole(connection, mode);
    pointSelect = connection.prepareStatement("SELECT name, email FROM users WHERE id = ?");
    hundredRows =
        connection.prepareStatement("SELECT id, name, email FROM users WHERE id > ? LIMIT 100");
    statement = connection.createStatement();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException, IOException {
    connection.close();
    fleet.close();
  }

  private int nextId() {
    next = next % ROWS + 1;
    return next;
  }

  @Benchmark
  public void preparedPointSelect(Blackhole bh) throws SQLException {
    pointSelect.setInt(1, nextId());
    try (ResultSet rs = pointSelect.executeQuery()) {
      bh.consume(rs.next());
      bh.consume(rs.getString(1));
      bh.consume(rs.getString(2));
    }
  }

  @Benchmark
  public void statementRepeatedText(Blackhole bh) throws SQLException {
    try (ResultSet rs = statement.executeQuery("SELECT name, email FROM users WHERE id = 42")) {
      bh.consume(rs.next());
      bh.consume(rs.getString(1));
      bh.consume(rs.getString(2));
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
