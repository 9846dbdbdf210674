package dev.sharedschema.driver.internal.jdbc;

import dev.sharedschema.driver.internal.schema.Plan;
import dev.sharedschema.driver.internal.schema.SchemaSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A connection to a schema database (DESIGN.md §4). Its statements turn writes into migrations; in
 * manual-commit mode the writes run at once inside a real transaction (so errors surface at the
 * statement and reads see them) and {@link #commit()} rolls that back and submits them all as one
 * migration. Reads, and prepared statements that only read, are the plain wrappers: the read path
 * costs what it costs on any connection.
 */
abstract class SchemaConnectionWrapper extends ConnectionWrapper {
  final SchemaSession session;
  private final Map<Savepoint, Integer> savepoints = new IdentityHashMap<>();

  SchemaConnectionWrapper(ConnectionContext context, Connection delegate) {
    super(context, delegate);
    this.session = context.session();
  }

  static ConnectionWrapper of(ConnectionContext context, Connection delegate) {
    return Generated.FACTORY.create(context, delegate);
  }

  @Override
  StatementWrapper<?> newStatement(Statement statement) {
    return SchemaStatementWrapper.of(this, statement);
  }

  @Override
  PreparedStatementWrapper<?> newPreparedStatement(String sql, PreparedStatement statement)
      throws SQLException {
    try {
      if (session.plan(sql).route() == Plan.Route.LOCAL) {
        return super.newPreparedStatement(sql, statement);
      }
      return SchemaPreparedStatementWrapper.of(this, statement, sql);
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  @Override
  void checkTransaction() throws SQLException {
    session.checkNotEnded();
  }

  /** True while statements run inside a manual transaction that {@link #commit()} submits. */
  final boolean inManualTransaction() throws SQLException {
    return !delegate.getAutoCommit();
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    checkOpen();
    boolean manual = inManualTransaction();
    if (autoCommit && manual) {
      // JDBC: switching autocommit on commits the open transaction.
      commit();
    }
    delegate.setAutoCommit(autoCommit);
    if (!autoCommit && !manual) {
      session.began();
    }
  }

  /**
   * Submits the writes of the manual transaction as one migration and waits for it. The real
   * transaction they ran in is rolled back first; the migration then applies them to every linked
   * database and, last, to the schema database. With no writes, no job is made.
   */
  @Override
  public void commit() throws SQLException {
    checkOpen();
    if (!inManualTransaction()) {
      delegate.commit(); // sqlite-jdbc's error for a commit in autocommit mode
      return;
    }
    savepoints.clear();
    session.commit();
  }

  @Override
  public void rollback() throws SQLException {
    checkOpen();
    if (!inManualTransaction()) {
      delegate.rollback();
      return;
    }
    savepoints.clear();
    session.rollback();
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    int mark = markForSavepoint();
    Savepoint sp = delegate.setSavepoint();
    savepoints.put(sp, mark);
    return sp;
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    int mark = markForSavepoint();
    Savepoint sp = delegate.setSavepoint(name);
    savepoints.put(sp, mark);
    return sp;
  }

  /**
   * JDBC allows savepoints inside a manual transaction only. In autocommit sqlite-jdbc would run
   * {@code SAVEPOINT}, which opens a transaction on the schema database that no commit() submits.
   */
  private int markForSavepoint() throws SQLException {
    checkOpen();
    if (!inManualTransaction()) {
      throw new SQLException(
          "a savepoint needs a transaction: call setAutoCommit(false) first", "25000");
    }
    return session.mark();
  }

  /**
   * Drops the statements run after {@code savepoint}, here and in what {@code commit()} submits.
   */
  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    checkOpen();
    if (inManualTransaction()) {
      session.checkTransaction();
    }
    delegate.rollback(savepoint);
    Integer mark = savepoints.get(savepoint);
    if (mark != null) {
      session.rollbackTo(mark);
    }
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    checkOpen();
    if (inManualTransaction()) {
      session.checkTransaction();
    }
    delegate.releaseSavepoint(savepoint);
    savepoints.remove(savepoint);
  }

  /**
   * Read-only refuses every write ({@code 25006}) instead of failing as sqlite-jdbc does on a
   * connection opened read-write: a console's read-only session must change nothing.
   */
  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    checkOpen();
    session.setReadOnly(readOnly);
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    return session.readOnly() != null;
  }

  @Override
  void released() {
    session.release();
  }

  private static final class Generated {
    static final WrapperFactory<ConnectionContext, Connection, ConnectionWrapper> FACTORY =
        DelegateGenerator.guarded(SchemaConnectionWrapper.class, Connection.class, "checkOpen");
  }
}
