package dev.sharedschema.driver.internal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The result set handed to users: exists so that {@link #getStatement()} returns the statement
 * wrapper instead of sqlite-jdbc's statement. Everything else, including {@code close}/{@code
 * isClosed}, is generated as a direct call on {@link #delegate} (sqlite-jdbc checks its own state),
 * so {@code next()} and the getters cost one inlined call.
 */
abstract class ResultSetWrapper implements ResultSet {
  final Statement statement;
  final ResultSet delegate;

  ResultSetWrapper(Statement statement, ResultSet delegate) {
    this.statement = statement;
    this.delegate = delegate;
  }

  static ResultSetWrapper of(StatementWrapper<?> statement, ResultSet delegate) {
    return Generated.FACTORY.create(statement, delegate);
  }

  /** The statement wrapper that made this result set; null for a {@link HidingResultSet}. */
  @Override
  public Statement getStatement() throws SQLException {
    return statement;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return WrapperChain.unwrap(this, delegate, iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return WrapperChain.isWrapperFor(this, delegate, iface);
  }

  private static final class Generated {
    static final WrapperFactory<Statement, ResultSet, ResultSetWrapper> FACTORY =
        DelegateGenerator.passThrough(ResultSetWrapper.class, ResultSet.class);
  }
}
