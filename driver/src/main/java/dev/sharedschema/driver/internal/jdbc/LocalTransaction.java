package dev.sharedschema.driver.internal.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs several writes to local tables ({@code shared_schema_local_tables}) sent in autocommit as
 * one transaction on the schema database: a text or batch is all-or-nothing on a schema connection,
 * whether or not it becomes a migration.
 */
final class LocalTransaction {
  interface Work<T> {
    T run() throws SQLException;
  }

  private LocalTransaction() {}

  static <T> T run(Connection sqlite, Work<T> work) throws SQLException {
    sqlite.setAutoCommit(false);
    try {
      T result = work.run();
      sqlite.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        sqlite.rollback();
      } catch (SQLException r) {
        e.addSuppressed(r);
      }
      throw e;
    } finally {
      sqlite.setAutoCommit(true);
    }
  }
}
