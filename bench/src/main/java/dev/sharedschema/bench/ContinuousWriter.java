package dev.sharedschema.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An application thread inserting one row at a time into random tenants of its own share of the
 * fleet, through linked connections opened as a user would ({@code
 * jdbc:sharedschema:sqlite:<file>}, default settings), one per tenant, kept open. Each tenant has
 * exactly one writer, so a write that waits for a lock waits for the migration, not for another
 * writer.
 */
final class ContinuousWriter implements Runnable {
  private final int id;
  private final int[] tenants;
  private final List<PreparedStatement> inserts = new ArrayList<>();
  private final List<Connection> connections = new ArrayList<>();
  private final List<BusyProbe> probes = new ArrayList<>();
  private final List<PreparedStatement> reads = new ArrayList<>();
  private final Random random;
  private final AtomicBoolean stop;
  private final long pauseMillis;
  private final WriteLog log = new WriteLog();
  private final List<String> errors = new ArrayList<>();
  private static final int SQLITE_BUSY = 5;

  private long seq;
  private int busy;

  ContinuousWriter(
      int id,
      int[] tenants,
      List<Path> files,
      long seed,
      AtomicBoolean stop,
      long pauseMillis,
      boolean probe,
      boolean readFirst)
      throws SQLException {
    this.id = id;
    this.tenants = tenants;
    this.random = new Random(seed);
    this.stop = stop;
    this.pauseMillis = pauseMillis;
    for (int t : tenants) {
      Connection c = DriverManager.getConnection("jdbc:sharedschema:sqlite:" + files.get(t));
      connections.add(c);
      probes.add(probe ? BusyProbe.install(c) : null);
      inserts.add(c.prepareStatement("INSERT INTO events(writer, seq, payload) VALUES (?, ?, ?)"));
      if (readFirst) {
        c.setAutoCommit(false);
        reads.add(c.prepareStatement("SELECT count(*) FROM events WHERE writer = ?"));
      }
    }
  }

  @Override
  public void run() {
    try {
      while (!stop.get()) {
        int k = random.nextInt(tenants.length);
        PreparedStatement ps = inserts.get(k);
        long start = System.nanoTime();
        try {
          if (!reads.isEmpty()) {
            read(reads.get(k));
          }
          ps.setInt(1, id);
          ps.setLong(2, seq++);
          ps.setString(3, "writer " + id);
          ps.executeUpdate();
          if (!reads.isEmpty()) {
            connections.get(k).commit();
          }
          long end = System.nanoTime();
          log.add(start, end, tenants[k], probes.get(k) != null && probes.get(k).takeCalls() > 0);
        } catch (SQLException e) {
          errors.add("tenant " + tenants[k] + ": " + e.getMessage());
          if ((e.getErrorCode() & 0xff) == SQLITE_BUSY) {
            busy++;
          }
          if (!reads.isEmpty()) {
            rollback(connections.get(k));
          }
          if (probes.get(k) != null) {
            probes.get(k).takeCalls();
          }
        }
        if (pauseMillis > 0) {
          Thread.sleep(pauseMillis);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      for (Connection c : connections) {
        try {
          c.close();
        } catch (SQLException e) {
          errors.add("closing: " + e.getMessage());
        }
      }
    }
  }

  private void read(PreparedStatement read) throws SQLException {
    read.setInt(1, id);
    try (ResultSet rs = read.executeQuery()) {
      rs.next();
    }
  }

  private void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      errors.add("rollback: " + e.getMessage());
    }
  }

  /** How many writes failed with SQLITE_BUSY; read after the thread ended. */
  int busy() {
    return busy;
  }

  /** Read after the thread ended. */
  WriteLog log() {
    return log;
  }

  /** Read after the thread ended. */
  List<String> errors() {
    return errors;
  }
}
