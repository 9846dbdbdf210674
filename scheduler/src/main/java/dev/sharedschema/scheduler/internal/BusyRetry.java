package dev.sharedschema.scheduler.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * Retries work that failed because a database was busy or locked, with exponential backoff, until a
 * deadline measured on the injected clock (DESIGN.md §6 rule 4).
 */
public final class BusyRetry {
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final long FIRST_PAUSE_MS = 2;
  private static final long LONGEST_PAUSE_MS = 200;

  private final Clock clock;
  private final Duration timeout;

  public BusyRetry(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
  }

  /** How long {@link #run} retries a busy database. */
  public Duration timeout() {
    return timeout;
  }

  /** Work to retry. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws SQLException;
  }

  public <T> T run(Work<T> work) throws SQLException {
    long deadline = clock.millis() + timeout.toMillis();
    long pause = FIRST_PAUSE_MS;
    while (true) {
      try {
        return work.run();
      } catch (SQLException e) {
        if (!isBusy(e) || clock.millis() >= deadline) {
          throw e;
        }
      }
      sleep(Math.min(pause, Math.max(1, deadline - clock.millis())));
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    }
  }

  /** SQLITE_BUSY or SQLITE_LOCKED, extended codes included, anywhere in the cause chain. */
  public static boolean isBusy(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        int primary = s.getErrorCode() & 0xff;
        if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
          return true;
        }
      }
    }
    return false;
  }

  private static void sleep(long millis) throws SQLException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a busy database", "HY008", e);
    }
  }
}
