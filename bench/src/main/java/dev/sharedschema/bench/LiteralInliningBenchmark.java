package dev.sharedschema.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * An app that inlines literals instead of binding parameters: every {@code Statement.executeQuery}
 * gets a text never seen recently, so a linked connection classifies each one afresh (the ids cycle
 * over {@value #DISTINCT} values, 16× the driver's classification cache of 4096 texts, visited in
 * order, so every call misses). Raw sqlite-jdbc pays the same text building and SQLite prepare.
 * Goal: linked ≥ 80% of raw.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LiteralInliningBenchmark {
  static final int DISTINCT = 1 << 16;

  @Param({"raw", "linked"})
  public String mode;

  private SampleFleet fleet;
  private Connection connection;
  private Statement statement;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws SQLException, IOException {
    fleet = SampleFleet.create(DISTINCT);
    connection = DriverManager.getConnection(fleet.url(mode));
    SampleFleet.requireRole(connection, mode);
    statement = connection.createStatement();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException, IOException {
    connection.close();
    fleet.close();
  }

  /**
   * A new String each call, as an app building SQL by concatenation makes (its hash not yet
   * computed).
   */
  @Benchmark
  public void newLiteralText(Blackhole bh) throws SQLException {
    next = (next + 1) & (DISTINCT - 1);
    try (ResultSet rs = statement.executeQuery("SELECT name FROM users WHERE id = " + (next + 1))) {
      bh.consume(rs.next());
      bh.consume(rs.getString(1));
    }
  }
}
