package dev.sharedschema.driver.internal.jdbc;

import java.sql.Connection;
import java.util.Objects;

/**
 * Entry point of the JDBC wrapper layer: turns a sqlite-jdbc connection into the connection users
 * get. The wrapper keeps the JDBC rules sqlite-jdbc does not (DESIGN.md §3):
 *
 * <ul>
 *   <li>every object hands back the wrapper that made it: {@code stmt.getConnection()}, {@code
 *       rs.getStatement()}, {@code getMetaData().getConnection()}; metadata result sets have a null
 *       statement; {@code getURL()} is {@link ConnectionContext#url()};
 *   <li>every SQL text given to {@code execute*}, {@code addBatch}, {@code prepareStatement} or
 *       {@code prepareCall} goes through {@link ConnectionContext#gate()} first;
 *   <li>a closed connection throws {@code SQLException} state {@code 08003}, a closed statement
 *       state {@code HY010}; closing a connection closes its statements; {@code close()} is
 *       idempotent;
 *   <li>{@code unwrap} reaches the wrapper and the sqlite-jdbc object, and throws {@code
 *       SQLException} (state {@code 0A000}) for anything else;
 *   <li>{@code DatabaseMetaData} never lists {@code _sharedschema…} objects or their automatic
 *       indexes (a direct {@code sqlite_master} query does).
 * </ul>
 *
 * A wrapped connection, like sqlite-jdbc's, is meant for one thread at a time.
 */
public final class JdbcWrappers {
  private JdbcWrappers() {}

  /**
   * @param sqliteConnection an open sqlite-jdbc connection; the wrapper owns it from now on
   * @param context the URL to report and the gate to check SQL with
   * @return the connection to hand to the user
   */
  public static Connection wrap(Connection sqliteConnection, ConnectionContext context) {
    Objects.requireNonNull(sqliteConnection, "sqliteConnection");
    Objects.requireNonNull(context, "context");
    return context.session() == null
        ? ConnectionWrapper.of(context, sqliteConnection)
        : SchemaConnectionWrapper.of(context, sqliteConnection);
  }
}
