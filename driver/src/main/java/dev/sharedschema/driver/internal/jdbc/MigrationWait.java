package dev.sharedschema.driver.internal.jdbc;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What stops a schema statement's wait for its migration besides the job itself: {@code
 * setQueryTimeout} ({@code SQLTimeoutException}) and {@code cancel()} from another thread ({@code
 * HY008}). Only the wait stops; the job goes on, as with {@code shared_schema_timeout}.
 */
final class MigrationWait implements BooleanSupplier {
  private volatile boolean cancelled;

  /**
   * A new call starts: a {@code cancel()} that came before it was for an earlier one (JDBC cancels
   * the statement running now).
   */
  void begin() {
    cancelled = false;
  }

  /** Marks the running call cancelled; the caller then wakes the scheduler's waiters. */
  void cancel() {
    cancelled = true;
  }

  @Override
  public boolean getAsBoolean() {
    return cancelled;
  }

  /** The statement's query timeout; {@code null} when it has none. */
  static Duration timeoutOf(Statement sqlite) throws SQLException {
    int seconds = sqlite.getQueryTimeout();
    return seconds > 0 ? Duration.ofSeconds(seconds) : null;
  }
}
