package dev.sharedschema.driver.internal.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The prepared statement handed to users. Its SQL was checked once, when it was prepared, so its
 * own {@code execute()}/{@code executeQuery()}/{@code executeUpdate()} do not check again; the
 * {@code execute(String)} family inherited from {@link StatementWrapper} does check. Hand-written
 * here is only {@link #executeQuery()}, for result-set identity.
 *
 * @param <P> the sqlite-jdbc statement type
 */
abstract class PreparedStatementWrapper<P extends PreparedStatement> extends StatementWrapper<P>
    implements PreparedStatement {

  PreparedStatementWrapper(ConnectionWrapper connection, P delegate) {
    super(connection, delegate);
  }

  static PreparedStatementWrapper<PreparedStatement> of(
      ConnectionWrapper connection, PreparedStatement delegate) {
    return Generated.FACTORY.create(connection, delegate);
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    checkOpen();
    return results(delegate.executeQuery());
  }

  private static final class Generated {
    static final WrapperFactory<
            ConnectionWrapper, PreparedStatement, PreparedStatementWrapper<PreparedStatement>>
        FACTORY =
            DelegateGenerator.guarded(
                PreparedStatementWrapper.class, PreparedStatement.class, "checkOpen");
  }
}
