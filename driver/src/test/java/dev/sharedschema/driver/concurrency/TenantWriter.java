package dev.sharedschema.driver.concurrency;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One application thread writing rows to random tenants through linked connections opened the way a
 * user would: {@code jdbc:sharedschema:sqlite:<tenant file>}, default settings. It keeps one
 * connection per tenant (as a per-tenant pool would), and now and then opens a fresh one. Writes:
 * single inserts in autocommit, three-row transactions, read-then-insert transactions begun
 * IMMEDIATE, and inserts on a fresh connection. A row counts as acknowledged only once the driver
 * returned from its insert (or its commit); every {@link SQLException} is kept, not retried: the
 * application must never see one.
 */
final class TenantWriter implements Runnable {
  static final String INSERT = "INSERT INTO events(writer, seq, payload) VALUES (?, ?, ?)";

  /** An acknowledged row: the tenant file it went to, and its (writer, seq) key. */
  record Row(Path tenant, int writer, long seq) {}

  private final int id;
  private final List<Path> tenants;
  private final Random random;
  private final AtomicBoolean stop;
  private final Map<Path, Connection> connections = new HashMap<>();
  private final List<Row> acknowledged = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private long nextSeq;
  private long longestWriteNanos;

  TenantWriter(int id, List<Path> tenants, long seed, AtomicBoolean stop) {
    this.id = id;
    this.tenants = tenants;
    this.random = new Random(seed);
    this.stop = stop;
  }

  @Override
  public void run() {
    try {
      while (!stop.get()) {
        Path tenant = tenants.get(random.nextInt(tenants.size()));
        int kind = random.nextInt(10);
        long start = System.nanoTime();
        try {
          if (kind < 6) {
            insertAutocommit(tenant);
          } else if (kind < 8) {
            insertInTransaction(tenant, 3);
          } else if (kind < 9) {
            readThenInsert(tenant);
          } else {
            insertOnFreshConnection(tenant);
          }
        } catch (SQLException e) {
          errors.add(describe(tenant, e));
        }
        longestWriteNanos = Math.max(longestWriteNanos, System.nanoTime() - start);
        Thread.sleep(random.nextInt(3));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeAll();
    }
  }

  private void insertAutocommit(Path tenant) throws SQLException {
    Connection c = connection(tenant);
    long seq = nextSeq++;
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      bind(ps, seq);
      ps.executeUpdate();
    }
    acknowledged.add(new Row(tenant, id, seq));
  }

  /**
   * A write-only transaction: its first statement takes the write lock, so it waits, never fails.
   */
  private void insertInTransaction(Path tenant, int rows) throws SQLException {
    Connection c = connection(tenant);
    List<Row> pending = new ArrayList<>();
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (int i = 0; i < rows; i++) {
        long seq = nextSeq++;
        bind(ps, seq);
        ps.executeUpdate();
        pending.add(new Row(tenant, id, seq));
      }
      c.commit();
      acknowledged.addAll(pending);
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // The first failure is the one reported.
      }
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /**
   * A transaction that reads before it writes, begun {@code IMMEDIATE} as docs/reliability.md
   * advises: it takes the write lock (waiting within the busy timeout) before its first read.
   */
  private void readThenInsert(Path tenant) throws SQLException {
    Connection c = connection(tenant);
    long seq = nextSeq++;
    try (Statement st = c.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      try {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM events WHERE writer = " + id)) {
          rs.next();
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
          bind(ps, seq);
          ps.executeUpdate();
        }
        st.execute("COMMIT");
      } catch (SQLException e) {
        try {
          st.execute("ROLLBACK");
        } catch (SQLException ignored) {
          // The first failure is the one reported.
        }
        throw e;
      }
    }
    acknowledged.add(new Row(tenant, id, seq));
  }

  private void insertOnFreshConnection(Path tenant) throws SQLException {
    long seq = nextSeq++;
    try (Connection c = DriverManager.getConnection(url(tenant));
        PreparedStatement ps = c.prepareStatement(INSERT)) {
      bind(ps, seq);
      ps.executeUpdate();
    }
    acknowledged.add(new Row(tenant, id, seq));
  }

  private void bind(PreparedStatement ps, long seq) throws SQLException {
    ps.setInt(1, id);
    ps.setLong(2, seq);
    ps.setString(3, "writer " + id + " row " + seq);
  }

  private Connection connection(Path tenant) throws SQLException {
    Connection c = connections.get(tenant);
    if (c == null) {
      c = DriverManager.getConnection(url(tenant));
      connections.put(tenant, c);
    }
    return c;
  }

  static String url(Path tenant) {
    return "jdbc:sharedschema:sqlite:" + tenant;
  }

  private String describe(Path tenant, SQLException e) {
    return "writer "
        + id
        + " on "
        + tenant.getFileName()
        + ": "
        + e.getClass().getSimpleName()
        + " state "
        + e.getSQLState()
        + " code "
        + e.getErrorCode()
        + ": "
        + e.getMessage();
  }

  private void closeAll() {
    for (Connection c : connections.values()) {
      try {
        c.close();
      } catch (SQLException e) {
        errors.add("writer " + id + " closing a connection: " + e.getMessage());
      }
    }
    connections.clear();
  }

  /** Read after the thread ended. */
  List<Row> acknowledged() {
    return acknowledged;
  }

  /** The longest time one write (or write transaction) took, read after the thread ended. */
  long longestWriteNanos() {
    return longestWriteNanos;
  }

  /** Read after the thread ended. */
  List<String> errors() {
    return errors;
  }
}
