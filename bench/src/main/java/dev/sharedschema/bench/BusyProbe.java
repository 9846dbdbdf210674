package dev.sharedschema.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConnection;

/**
 * A busy handler that waits exactly as SQLite's own {@code busy_timeout} handler does (the same
 * schedule of sleeps, 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, then 100 ms, up to the connection's
 * timeout) and also notes that the current write found the file locked. With one writer per tenant,
 * a locked file means the migration holds it: this tells lock waits from slowdowns of a shared
 * disk.
 */
final class BusyProbe extends BusyHandler {
  private static final int[] DELAYS = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
  private static final int[] TOTALS = {0, 1, 3, 8, 18, 33, 53, 78, 103, 128, 178, 228};

  private final int timeoutMillis;
  private int calls;

  private BusyProbe(int timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Installs a probe on {@code c} (a driver connection, unwrapped to sqlite-jdbc's), keeping the
   * busy timeout the connection was opened with.
   */
  static BusyProbe install(Connection c) throws SQLException {
    int timeout;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA busy_timeout")) {
      rs.next();
      timeout = rs.getInt(1);
    }
    BusyProbe probe = new BusyProbe(timeout);
    BusyHandler.setHandler(c.unwrap(SQLiteConnection.class), probe);
    return probe;
  }

  /** Mirrors sqliteDefaultBusyCallback: 1 = try again, 0 = give up with SQLITE_BUSY. */
  @Override
  protected int callback(int count) throws SQLException {
    calls++;
    int last = DELAYS.length - 1;
    int delay = count < DELAYS.length ? DELAYS[count] : DELAYS[last];
    long prior =
        count < DELAYS.length ? TOTALS[count] : TOTALS[last] + (long) DELAYS[last] * (count - last);
    if (prior + delay > timeoutMillis) {
      delay = (int) (timeoutMillis - prior);
      if (delay <= 0) {
        return 0;
      }
    }
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
    return 1;
  }

  /** How many times the file was found locked since the last call, and starts counting afresh. */
  int takeCalls() {
    int n = calls;
    calls = 0;
    return n;
  }

  int timeoutMillis() {
    return timeoutMillis;
  }
}
