package dev.sharedschema.driver.internal.jdbc;

import java.sql.CallableStatement;

/**
 * The callable statement handed to users. Nothing to write by hand beyond {@link
 * PreparedStatementWrapper}; sqlite-jdbc 3.54 refuses {@code prepareCall} anyway (no stored
 * procedures), so this wrapper only exists for a delegate that does support it.
 */
abstract class CallableStatementWrapper extends PreparedStatementWrapper<CallableStatement>
    implements CallableStatement {

  CallableStatementWrapper(ConnectionWrapper connection, CallableStatement delegate) {
    super(connection, delegate);
  }

  static CallableStatementWrapper of(ConnectionWrapper connection, CallableStatement delegate) {
    return Generated.FACTORY.create(connection, delegate);
  }

  private static final class Generated {
    static final WrapperFactory<ConnectionWrapper, CallableStatement, CallableStatementWrapper>
        FACTORY =
            DelegateGenerator.guarded(
                CallableStatementWrapper.class, CallableStatement.class, "checkOpen");
  }
}
