package dev.sharedschema.driver.internal.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The statement handed to users. Written by hand: every method that takes SQL text (the gate sees
 * the text before sqlite-jdbc does), the methods returning a {@link ResultSet} or the {@link
 * Connection} (identity), and closing. Every other {@link Statement} method is generated: {@link
 * #checkOpen}, then the same call on {@link #delegate}.
 *
 * <p>sqlite-jdbc hands out the same {@link ResultSet} object for every query of a statement, so the
 * wrapper of the last one is kept and reused while the delegate's object stays the same: a query
 * allocates no wrapper.
 *
 * @param <S> the sqlite-jdbc statement type, so subclasses see their delegate with its own type
 */
abstract class StatementWrapper<S extends Statement> implements Statement {
  /**
   * SQLState of any use of a closed statement: function sequence error. Not class 08, since the
   * connection is fine (pools treat 08 as a broken connection).
   */
  static final String CLOSED = "HY010";

  final ConnectionWrapper connection;
  final S delegate;
  final SqlGate gate;
  private boolean closed;
  private ResultSetWrapper results;
  private ResultSetWrapper generatedKeys;

  StatementWrapper(ConnectionWrapper connection, S delegate) {
    this.connection = connection;
    this.delegate = delegate;
    this.gate = connection.gate;
  }

  static StatementWrapper<Statement> of(ConnectionWrapper connection, Statement delegate) {
    return Generated.FACTORY.create(connection, delegate);
  }

  final void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("statement is closed", CLOSED);
    }
  }

  /** Open statement, non-null text, and the gate lets it through: in that order. */
  final void check(String sql) throws SQLException {
    checkOpen();
    if (sql == null) {
      throw new SQLException("SQL text is null", ConnectionWrapper.NULL_ARGUMENT);
    }
    gate.check(sql);
  }

  /** The wrapper for the delegate's result set {@code rs}; reused while {@code rs} is. */
  final ResultSet results(ResultSet rs) {
    if (rs == null) {
      return null;
    }
    ResultSetWrapper w = results;
    if (w == null || w.delegate != rs) {
      w = ResultSetWrapper.of(this, rs);
      results = w;
    }
    return w;
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    check(sql);
    return results(delegate.executeQuery(sql));
  }

  /**
   * What the last execution returned when it ran as a migration instead of here (schema
   * statements); {@code null} on every other statement, so the getters below serve sqlite-jdbc's
   * results.
   */
  MigratedResults migrated() {
    return null;
  }

  private MigratedResults activeMigration() {
    MigratedResults m = migrated();
    return m != null && m.active() ? m : null;
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    checkOpen();
    MigratedResults m = activeMigration();
    return results(m != null ? m.resultSet() : delegate.getResultSet());
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    checkOpen();
    MigratedResults m = activeMigration();
    return generated(m != null ? m.generatedKeys() : delegate.getGeneratedKeys());
  }

  @Override
  public int getUpdateCount() throws SQLException {
    checkOpen();
    MigratedResults m = activeMigration();
    return m != null ? Math.toIntExact(m.updateCount()) : delegate.getUpdateCount();
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    checkOpen();
    MigratedResults m = activeMigration();
    return m != null ? m.updateCount() : delegate.getLargeUpdateCount();
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    checkOpen();
    MigratedResults m = activeMigration();
    if (m != null) {
      m.next();
      return false;
    }
    return delegate.getMoreResults();
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    checkOpen();
    MigratedResults m = activeMigration();
    if (m != null) {
      m.next();
      return false;
    }
    return delegate.getMoreResults(current);
  }

  /** {@code executeBatch} for statements whose batch runs through {@code executeLargeBatch}. */
  static int[] narrow(long[] counts) {
    int[] out = new int[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = Math.toIntExact(counts[i]);
    }
    return out;
  }

  /** The wrapper for a generated-keys result set {@code rs}; reused while {@code rs} is. */
  final ResultSet generated(ResultSet rs) {
    if (rs == null) {
      return null;
    }
    ResultSetWrapper w = generatedKeys;
    if (w == null || w.delegate != rs) {
      w = ResultSetWrapper.of(this, rs);
      generatedKeys = w;
    }
    return w;
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    check(sql);
    return delegate.execute(sql);
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    check(sql);
    return delegate.execute(sql, autoGeneratedKeys);
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    check(sql);
    return delegate.execute(sql, columnIndexes);
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    check(sql);
    return delegate.execute(sql, columnNames);
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    check(sql);
    return delegate.executeUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    check(sql);
    return delegate.executeUpdate(sql, autoGeneratedKeys);
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    check(sql);
    return delegate.executeUpdate(sql, columnIndexes);
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    check(sql);
    return delegate.executeUpdate(sql, columnNames);
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    check(sql);
    return delegate.executeLargeUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    check(sql);
    return delegate.executeLargeUpdate(sql, autoGeneratedKeys);
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    check(sql);
    return delegate.executeLargeUpdate(sql, columnIndexes);
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    check(sql);
    return delegate.executeLargeUpdate(sql, columnNames);
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    check(sql);
    delegate.addBatch(sql);
  }

  @Override
  public Connection getConnection() throws SQLException {
    checkOpen();
    return connection;
  }

  /** Also true once sqlite-jdbc closed the delegate itself (e.g. after closeOnCompletion). */
  @Override
  public boolean isClosed() throws SQLException {
    return closed || delegate.isClosed();
  }

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    connection.forget(this);
    MigratedResults m = migrated();
    try {
      if (m != null) {
        m.clear();
      }
    } finally {
      delegate.close();
    }
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
    static final WrapperFactory<ConnectionWrapper, Statement, StatementWrapper<Statement>> FACTORY =
        DelegateGenerator.guarded(StatementWrapper.class, Statement.class, "checkOpen");
  }
}
