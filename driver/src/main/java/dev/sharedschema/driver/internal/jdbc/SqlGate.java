package dev.sharedschema.driver.internal.jdbc;

import java.sql.SQLException;

/**
 * Decides, per connection role, whether a SQL text may run on a connection. The wrappers call it
 * before a text is executed, prepared or added to a batch; it throws when the role forbids the
 * text. Implementations must be cheap on a repeated text (a cache lookup), since it sits on the
 * read path.
 */
@FunctionalInterface
public interface SqlGate {
  /** Lets everything through: plain sqlite-jdbc behaviour. */
  SqlGate PASS_THROUGH = sql -> {};

  /**
   * @param sql the text about to run
   * @throws SQLException with the SQLState of DESIGN.md when the text is refused
   */
  void check(String sql) throws SQLException;
}
