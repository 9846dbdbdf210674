package dev.sharedschema.driver.internal.jdbc;

import dev.sharedschema.driver.internal.DriverVersion;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The metadata handed to users; one per connection. {@link #getConnection()} and {@link #getURL()}
 * answer for our connection; every method returning a {@link ResultSet} is generated to pass the
 * delegate's result through {@link #hide}, so our own objects are never listed and no sqlite-jdbc
 * statement leaks. The driver's name and version are ours, so a tool can tell this driver is in
 * use; the rest (including {@code getDatabaseProductName()}, which stays {@code SQLite} because
 * tools pick their SQL dialect from it) is generated pass-through. Only metadata is filtered: a
 * direct {@code SELECT} from {@code sqlite_master} still shows our table.
 */
abstract class DatabaseMetaDataWrapper implements DatabaseMetaData {
  final ConnectionWrapper connection;
  final DatabaseMetaData delegate;

  DatabaseMetaDataWrapper(ConnectionWrapper connection, DatabaseMetaData delegate) {
    this.connection = connection;
    this.delegate = delegate;
  }

  static DatabaseMetaDataWrapper of(ConnectionWrapper connection, DatabaseMetaData delegate) {
    return Generated.FACTORY.create(connection, delegate);
  }

  /** Called by every generated method that returns a result set. */
  final ResultSet hide(ResultSet rs) throws SQLException {
    return HidingResultSet.of(rs, false);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection;
  }

  @Override
  public String getURL() throws SQLException {
    return connection.context.url();
  }

  @Override
  public String getDriverName() throws SQLException {
    return DriverVersion.driverName(delegate.getDriverName(), delegate.getDriverVersion());
  }

  @Override
  public String getDriverVersion() {
    return DriverVersion.current().version();
  }

  @Override
  public int getDriverMajorVersion() {
    return DriverVersion.current().major();
  }

  @Override
  public int getDriverMinorVersion() {
    return DriverVersion.current().minor();
  }

  // These two results have no table-name column, so rows cannot be told apart: decide by the
  // table asked for.
  @Override
  public ResultSet getBestRowIdentifier(
      String catalog, String schema, String table, int scope, boolean nullable)
      throws SQLException {
    return HidingResultSet.of(
        delegate.getBestRowIdentifier(catalog, schema, table, scope, nullable),
        HidingResultSet.isHidden(table));
  }

  @Override
  public ResultSet getVersionColumns(String catalog, String schema, String table)
      throws SQLException {
    return HidingResultSet.of(
        delegate.getVersionColumns(catalog, schema, table), HidingResultSet.isHidden(table));
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
    static final WrapperFactory<ConnectionWrapper, DatabaseMetaData, DatabaseMetaDataWrapper>
        FACTORY =
            DelegateGenerator.wrappingResultSets(
                DatabaseMetaDataWrapper.class, DatabaseMetaData.class, "hide");
  }
}
