package dev.sharedschema.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tenant writes: raw sqlite-jdbc against the same linked file opened through sharedschema. With
 * {@code synchronous=OFF} on both, so that no fsync hides what the wrapper costs on the CPU. Goal:
 * linked ≥ 95% of raw.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class WritePathBenchmark {
  private static final int BATCH = 100;

  @Param({"raw", "linked"})
  public String mode;

  private SampleFleet fleet;
  private Connection connection;
  private PreparedStatement insert;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws SQLException, IOException {
    fleet = SampleFleet.create(1000);
    String url = fleet.url(mode);
    connection =
        DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "synchronous=OFF");
    SampleFleet.requireRole(connection, mode);
    insert = connection.prepareStatement("INSERT INTO users(name, email) VALUES (?, ?)");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException, IOException {
    connection.close();
    fleet.close();
  }

  /** One row per call, each its own transaction (autocommit). */
  @Benchmark
  public int autocommitInsert() throws SQLException {
    next++;
    insert.setString(1, "w" + next);
    insert.setString(2, "w" + next + "@example.com");
    return insert.executeUpdate();
  }

  /** 100 rows per call: a JDBC batch in one transaction, committed. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int[] batchedInsertInTransaction() throws SQLException {
    connection.setAutoCommit(false);
    for (int i = 0; i < BATCH; i++) {
      next++;
      insert.setString(1, "b" + next);
      insert.setString(2, "b" + next + "@example.com");
      insert.addBatch();
    }
    int[] counts = insert.executeBatch();
    connection.commit();
    connection.setAutoCommit(true);
    return counts;
  }
}
