package dev.sharedschema.scheduler.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Named places between two durable steps of a job where tests inject a failure, to prove that
 * resuming from the registry applies every task exactly once wherever the work stopped. In
 * production the hook is a no-op.
 */
public final class FaultPoints {
  /** Called at each point with its name; may throw to simulate the process failing there. */
  public interface Hook {
    void at(String point);
  }

  /** What a test hook throws: never turned into a task's failure outcome. */
  public static final class FaultInjected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FaultInjected(String point) {
      super("injected fault at " + point);
    }
  }

  /**
   * Called with each connection a task opens on a linked database, before it is used. Some faults
   * live in a connection, not in the file (a full disk is {@code PRAGMA max_page_count}, which
   * SQLite keeps per connection), so a test can only put them on the scheduler's own one.
   */
  public interface ConnectionHook {
    void opened(Path database, Connection connection) throws SQLException;
  }

  private static final ConnectionHook NO_CONNECTION_HOOK = (database, connection) -> {};

  private static volatile Hook hook = point -> {};
  private static volatile ConnectionHook connectionHook = NO_CONNECTION_HOOK;

  private FaultPoints() {}

  public static void install(Hook h) {
    hook = h;
  }

  public static void installConnectionHook(ConnectionHook h) {
    connectionHook = h;
  }

  public static void clear() {
    hook = point -> {};
    connectionHook = NO_CONNECTION_HOOK;
  }

  static void at(String point) {
    hook.at(point);
  }

  static void opened(Path database, Connection connection) throws SQLException {
    connectionHook.opened(database, connection);
  }
}
