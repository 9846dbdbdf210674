package dev.sharedschema.driver.differential;

import java.util.List;

/**
 * One call an application makes on a schema connection.
 *
 * @param call which JDBC call
 * @param statements the statements it sends (a text joins them with "; "), empty for calls without
 *     SQL
 * @param savepoint for {@link Call#ROLLBACK_TO}: which savepoint of those set so far (any, even one
 *     a commit or rollback made stale)
 */
record Step(Call call, List<String> statements, int savepoint) {
  enum Call {
    /** {@code Statement.execute} of the statements as one text. */
    EXECUTE,
    /** {@code PreparedStatement.executeUpdate} of one statement. */
    PREPARED,
    /** {@code Statement.addBatch} of each statement, then {@code executeBatch}. */
    BATCH,
    AUTOCOMMIT_OFF,
    AUTOCOMMIT_ON,
    COMMIT,
    ROLLBACK,
    SAVEPOINT,
    ROLLBACK_TO
  }

  String text() {
    return String.join("; ", statements);
  }

  @Override
  public String toString() {
    return switch (call) {
      case EXECUTE, PREPARED, BATCH -> call + " " + statements;
      case ROLLBACK_TO -> call + " savepoint " + savepoint;
      default -> call.toString();
    };
  }
}
