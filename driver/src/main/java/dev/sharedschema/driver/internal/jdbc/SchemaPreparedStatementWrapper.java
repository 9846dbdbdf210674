package dev.sharedschema.driver.internal.jdbc;

import dev.sharedschema.driver.internal.schema.Plan;
import dev.sharedschema.driver.internal.schema.SchemaSession;
import dev.sharedschema.scheduler.MigrationStatement;
import dev.sharedschema.scheduler.StatementResult;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import org.sqlite.SQLiteConnection;

/**
 * A prepared statement of a schema connection whose text writes. Its parameters are kept as the
 * SQLite values sqlite-jdbc would bind, so that they travel with the migration (all five storage
 * classes); in a manual transaction the same values are bound here and the statement runs at once.
 * Every setter is written here: a parameter type that cannot travel is refused, never dropped.
 */
abstract class SchemaPreparedStatementWrapper extends PreparedStatementWrapper<PreparedStatement> {
  /** What the generated two-argument constructor needs besides the delegate. */
  record Source(
      SchemaConnectionWrapper connection,
      String sql,
      Plan plan,
      int parameterCount,
      SqliteValues values) {}

  private final SchemaConnectionWrapper schema;
  private final SchemaSession session;
  private final String sql;
  private final Plan plan;
  private final SqliteValues values;
  private final MigratedResults migrated;
  private final Object[] parameters;
  private final boolean[] bound;
  private final List<MigrationStatement> batch = new ArrayList<>();
  private final MigrationWait wait = new MigrationWait();

  SchemaPreparedStatementWrapper(Source source, PreparedStatement delegate) {
    super(source.connection(), delegate);
    this.schema = source.connection();
    this.session = schema.session;
    this.sql = source.sql();
    this.plan = source.plan();
    this.values = source.values();
    this.migrated = new MigratedResults(schema.delegate);
    this.parameters = new Object[source.parameterCount()];
    this.bound = new boolean[source.parameterCount()];
  }

  static SchemaPreparedStatementWrapper of(
      SchemaConnectionWrapper connection, PreparedStatement delegate, String sql)
      throws SQLException {
    Plan plan = connection.session.plan(sql);
    if (plan.migrationStatements().size() != 1 || !plan.localStatements().isEmpty()) {
      throw new SQLException(
          "a prepared statement that writes to a schema database holds exactly one statement; this"
              + " text has "
              + (plan.migrationStatements().size() + plan.localStatements().size())
              + ". Use Statement.execute for a multi-statement text, or a batch.",
          "0A000");
    }
    SqliteValues values =
        new SqliteValues(connection.delegate.unwrap(SQLiteConnection.class).getConnectionConfig());
    int n = delegate.getParameterMetaData().getParameterCount();
    return Generated.FACTORY.create(new Source(connection, sql, plan, n, values), delegate);
  }

  // ---- parameters

  private void set(int index, Object sqliteValue) throws SQLException {
    checkOpen();
    if (index < 1 || index > parameters.length) {
      throw new SQLException(
          "parameter index "
              + index
              + " is out of range: the statement has "
              + parameters.length
              + " parameter"
              + (parameters.length == 1 ? "" : "s"),
          "07009");
    }
    parameters[index - 1] = sqliteValue;
    bound[index - 1] = true;
  }

  private MigrationStatement current() throws SQLException {
    for (int i = 0; i < bound.length; i++) {
      if (!bound[i]) {
        throw new SQLException("parameter " + (i + 1) + " is not set", "07001");
      }
    }
    return plan.statement(0, Arrays.asList(parameters.clone()));
  }

  @Override
  public void clearParameters() throws SQLException {
    checkOpen();
    Arrays.fill(parameters, null);
    Arrays.fill(bound, false);
  }

  @Override
  public void setNull(int i, int sqlType) throws SQLException {
    set(i, null);
  }

  @Override
  public void setNull(int i, int sqlType, String typeName) throws SQLException {
    set(i, null);
  }

  @Override
  public void setBoolean(int i, boolean x) throws SQLException {
    set(i, x ? 1L : 0L);
  }

  @Override
  public void setByte(int i, byte x) throws SQLException {
    set(i, (long) x);
  }

  @Override
  public void setShort(int i, short x) throws SQLException {
    set(i, (long) x);
  }

  @Override
  public void setInt(int i, int x) throws SQLException {
    set(i, (long) x);
  }

  @Override
  public void setLong(int i, long x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setFloat(int i, float x) throws SQLException {
    set(i, (double) x);
  }

  @Override
  public void setDouble(int i, double x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setBigDecimal(int i, BigDecimal x) throws SQLException {
    set(i, values.of(x));
  }

  @Override
  public void setString(int i, String x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setNString(int i, String x) throws SQLException {
    set(i, x);
  }

  @Override
  public void setBytes(int i, byte[] x) throws SQLException {
    set(i, values.of(x));
  }

  @Override
  public void setDate(int i, Date x) throws SQLException {
    set(i, x == null ? null : values.date(x.getTime(), null));
  }

  @Override
  public void setDate(int i, Date x, Calendar c) throws SQLException {
    set(i, x == null ? null : values.date(x.getTime(), c));
  }

  @Override
  public void setTime(int i, Time x) throws SQLException {
    set(i, x == null ? null : values.date(x.getTime(), null));
  }

  @Override
  public void setTime(int i, Time x, Calendar c) throws SQLException {
    set(i, x == null ? null : values.date(x.getTime(), c));
  }

  @Override
  public void setTimestamp(int i, Timestamp x) throws SQLException {
    set(i, x == null ? null : values.date(x.getTime(), null));
  }

  @Override
  public void setTimestamp(int i, Timestamp x, Calendar c) throws SQLException {
    set(i, x == null ? null : values.date(x.getTime(), c));
  }

  @Override
  public void setObject(int i, Object x) throws SQLException {
    set(i, values.of(x));
  }

  @Override
  public void setObject(int i, Object x, int sqlType) throws SQLException {
    set(i, values.of(x));
  }

  @Override
  public void setObject(int i, Object x, int sqlType, int scale) throws SQLException {
    set(i, values.of(x));
  }

  @Override
  public void setObject(int i, Object x, SQLType t) throws SQLException {
    set(i, values.of(x));
  }

  @Override
  public void setObject(int i, Object x, SQLType t, int scale) throws SQLException {
    set(i, values.of(x));
  }

  @Override
  public void setAsciiStream(int i, InputStream x, int n) throws SQLException {
    set(
        i,
        x == null
            ? null
            : new String(SqliteValues.bytes(x, n), java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Override
  public void setAsciiStream(int i, InputStream x, long n) throws SQLException {
    set(
        i,
        x == null
            ? null
            : new String(SqliteValues.bytes(x, n), java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Override
  public void setAsciiStream(int i, InputStream x) throws SQLException {
    set(
        i,
        x == null
            ? null
            : new String(SqliteValues.bytes(x, -1), java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Deprecated
  @Override
  public void setUnicodeStream(int i, InputStream x, int n) throws SQLException {
    set(
        i,
        x == null
            ? null
            : new String(SqliteValues.bytes(x, n), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void setBinaryStream(int i, InputStream x, int n) throws SQLException {
    set(i, x == null ? null : SqliteValues.bytes(x, n));
  }

  @Override
  public void setBinaryStream(int i, InputStream x, long n) throws SQLException {
    set(i, x == null ? null : SqliteValues.bytes(x, n));
  }

  @Override
  public void setBinaryStream(int i, InputStream x) throws SQLException {
    set(i, x == null ? null : SqliteValues.bytes(x, -1));
  }

  @Override
  public void setCharacterStream(int i, Reader x, int n) throws SQLException {
    set(i, x == null ? null : SqliteValues.text(x, n));
  }

  @Override
  public void setCharacterStream(int i, Reader x, long n) throws SQLException {
    set(i, x == null ? null : SqliteValues.text(x, n));
  }

  @Override
  public void setCharacterStream(int i, Reader x) throws SQLException {
    set(i, x == null ? null : SqliteValues.text(x, -1));
  }

  @Override
  public void setNCharacterStream(int i, Reader x, long n) throws SQLException {
    set(i, x == null ? null : SqliteValues.text(x, n));
  }

  @Override
  public void setNCharacterStream(int i, Reader x) throws SQLException {
    set(i, x == null ? null : SqliteValues.text(x, -1));
  }

  @Override
  public void setBlob(int i, Blob x) throws SQLException {
    set(i, values.of(x));
  }

  @Override
  public void setBlob(int i, InputStream x, long n) throws SQLException {
    set(i, x == null ? null : SqliteValues.bytes(x, n));
  }

  @Override
  public void setBlob(int i, InputStream x) throws SQLException {
    set(i, x == null ? null : SqliteValues.bytes(x, -1));
  }

  @Override
  public void setClob(int i, Clob x) throws SQLException {
    set(i, values.of(x));
  }

  @Override
  public void setClob(int i, Reader x, long n) throws SQLException {
    set(i, x == null ? null : SqliteValues.text(x, n));
  }

  @Override
  public void setClob(int i, Reader x) throws SQLException {
    set(i, x == null ? null : SqliteValues.text(x, -1));
  }

  @Override
  public void setNClob(int i, NClob x) throws SQLException {
    set(i, values.of(x));
  }

  @Override
  public void setNClob(int i, Reader x, long n) throws SQLException {
    set(i, x == null ? null : SqliteValues.text(x, n));
  }

  @Override
  public void setNClob(int i, Reader x) throws SQLException {
    set(i, x == null ? null : SqliteValues.text(x, -1));
  }

  @Override
  public void setURL(int i, URL x) throws SQLException {
    set(i, x == null ? null : x.toString());
  }

  @Override
  public void setRef(int i, Ref x) throws SQLException {
    throw SqliteValues.unsupported("Ref");
  }

  @Override
  public void setArray(int i, Array x) throws SQLException {
    throw SqliteValues.unsupported("Array");
  }

  @Override
  public void setRowId(int i, RowId x) throws SQLException {
    throw SqliteValues.unsupported("RowId");
  }

  @Override
  public void setSQLXML(int i, SQLXML x) throws SQLException {
    throw SqliteValues.unsupported("SQLXML");
  }

  // ---- execution

  /**
   * Binds the kept values on sqlite-jdbc's statement, to run it here inside the manual transaction.
   */
  private void bindHere(MigrationStatement s) throws SQLException {
    List<Object> p = s.parameters();
    for (int i = 0; i < p.size(); i++) {
      SqliteValues.bind(delegate, i + 1, p.get(i));
    }
  }

  /**
   * The gate judged the text when it was prepared; what it depends on may have changed since
   * (read-only mode, autocommit for TEMP objects, the schema for local tables), so a write is
   * judged again before it runs. A cached text: a lookup, no parsing.
   */
  private void checkAgain() throws SQLException {
    checkOpen();
    session.checkNotEnded();
    check(sql);
    wait.begin();
  }

  /**
   * Runs the statement: here and kept (manual transaction), here only (a write to a local table in
   * autocommit), or as a migration now.
   */
  private boolean run() throws SQLException {
    checkAgain();
    MigrationStatement s = current();
    if (migrated.active()) {
      migrated.clear();
    }
    if (schema.inManualTransaction()) {
      return session.runInTransaction(
          s,
          () -> {
            bindHere(s);
            return delegate.execute();
          });
    }
    if (plan.route() == Plan.Route.LOCAL_WRITE) {
      bindHere(s);
      return delegate.execute();
    }
    List<StatementResult> results =
        session.migrate(List.of(s), MigrationWait.timeoutOf(delegate), wait).statements();
    return migrated.serve(results.get(0));
  }

  @Override
  public boolean execute() throws SQLException {
    return run();
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    checkOpen();
    if (!plan.returnsRows()) {
      throw MigratedResults.noRows();
    }
    run();
    return getResultSet();
  }

  @Override
  public int executeUpdate() throws SQLException {
    return Math.toIntExact(executeLargeUpdate());
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    run();
    return migrated.changesOr(delegate);
  }

  @Override
  public void addBatch() throws SQLException {
    checkOpen();
    batch.add(current());
  }

  @Override
  public void clearBatch() throws SQLException {
    checkOpen();
    batch.clear();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    return narrow(executeLargeBatch());
  }

  /** Every row of the batch in one migration. */
  @Override
  public long[] executeLargeBatch() throws SQLException {
    checkAgain();
    List<MigrationStatement> rows = List.copyOf(batch);
    batch.clear();
    if (migrated.active()) {
      migrated.clear();
    }
    long[] counts = new long[rows.size()];
    if (rows.isEmpty()) {
      return counts;
    }
    try {
      if (schema.inManualTransaction()) {
        for (int i = 0; i < rows.size(); i++) {
          MigrationStatement row = rows.get(i);
          counts[i] =
              session.runInTransaction(
                  row,
                  () -> {
                    bindHere(row);
                    return Math.max(0, delegate.executeLargeUpdate());
                  });
        }
        return counts;
      }
      if (plan.route() == Plan.Route.LOCAL_WRITE) {
        return session.runLocalWrites(
            () -> {
              for (int i = 0; i < rows.size(); i++) {
                bindHere(rows.get(i));
                counts[i] = Math.max(0, delegate.executeLargeUpdate());
              }
              return counts;
            });
      }
      List<StatementResult> results =
          session.migrate(rows, MigrationWait.timeoutOf(delegate), wait).statements();
      for (int i = 0; i < counts.length; i++) {
        counts[i] = Math.max(0, results.get(i).updateCount());
      }
      return counts;
    } catch (SQLException e) {
      throw new BatchUpdateException(
          e.getMessage(), e.getSQLState(), e.getErrorCode(), new long[0], e);
    }
  }

  /**
   * Stops a migration's wait ({@code HY008}; the job goes on), and interrupts what runs on the
   * schema database now.
   */
  @Override
  public void cancel() throws SQLException {
    checkOpen();
    wait.cancel();
    session.wakeWaiters();
    delegate.cancel();
  }

  @Override
  MigratedResults migrated() {
    return migrated;
  }

  private static final class Generated {
    static final WrapperFactory<Source, PreparedStatement, SchemaPreparedStatementWrapper> FACTORY =
        DelegateGenerator.guarded(
            SchemaPreparedStatementWrapper.class, PreparedStatement.class, "checkOpen");
  }
}
