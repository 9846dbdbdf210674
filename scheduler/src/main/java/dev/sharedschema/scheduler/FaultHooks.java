package dev.sharedschema.scheduler;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Places where tests make a scheduler fail or stall, to prove that the registry and the linked
 * databases stay consistent wherever the work stops (given through {@link SchedulerOptions}; in
 * production nothing happens at them).
 */
public interface FaultHooks {
  /** Nothing happens anywhere. */
  FaultHooks NONE = new FaultHooks() {};

  /** What a hook throws to simulate the process failing: never turned into a task's outcome. */
  final class FaultInjected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FaultInjected(String point) {
      super("injected fault at " + point);
    }
  }

  /**
   * Called at each named point between two durable steps of a job ({@code "schema dry run"}, {@code
   * "batch recorded"}, {@code "tasks moved to Run"}, {@code "job moved to <state>"}, {@code "task
   * committed"}, {@code "before recording"}; with a PostgreSQL registry also {@code "schema
   * database committed"}, between the final step's SQLite commit and PostgreSQL's); may throw
   * {@link FaultInjected} or block.
   */
  default void at(String point) {}

  /**
   * Called with each connection a task opens on a linked database, before it is used: some faults
   * live in a connection rather than the file (a full disk is {@code PRAGMA max_page_count}).
   */
  default void opened(Path database, Connection connection) throws SQLException {}

  /** Called inside the schema database's final transaction, after both writes, before COMMIT. */
  default void insideFinalStep() {}
}
