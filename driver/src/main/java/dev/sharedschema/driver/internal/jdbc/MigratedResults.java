package dev.sharedschema.driver.internal.jdbc;

import dev.sharedschema.scheduler.StatementResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a schema statement serves after its last execution ran as a migration: the schema database's
 * update count, its rows (RETURNING) and its last rowid. While {@link #active()} is false, the
 * statement serves sqlite-jdbc's own results instead.
 */
final class MigratedResults {
  private final Connection sqlite;
  private boolean active;
  private long updateCount = -1;
  private long lastRowid;
  private PreparedStatement rows;
  private ResultSet openRows;
  private PreparedStatement keys;

  MigratedResults(Connection sqlite) {
    this.sqlite = sqlite;
  }

  boolean active() {
    return active;
  }

  /** Serves {@code result} from now on; returns true when it has rows (execute()'s answer). */
  boolean serve(StatementResult result) throws SQLException {
    clear();
    active = true;
    lastRowid = result.lastInsertRowid();
    if (result.columns().isEmpty()) {
      updateCount = Math.max(0, result.updateCount());
      return false;
    }
    updateCount = result.updateCount();
    rows = ResultMaterializer.rows(sqlite, result);
    openRows = rows.executeQuery();
    return true;
  }

  /** Back to serving sqlite-jdbc's results; frees what the last migration left. */
  void clear() throws SQLException {
    active = false;
    updateCount = -1;
    openRows = null;
    SQLException failure = null;
    for (PreparedStatement ps : new PreparedStatement[] {rows, keys}) {
      if (ps != null) {
        try {
          ps.close();
        } catch (SQLException e) {
          failure = OpenStatements.chain(failure, e);
        }
      }
    }
    rows = null;
    keys = null;
    if (failure != null) {
      throw failure;
    }
  }

  /** The rows of a RETURNING statement, or null. */
  ResultSet resultSet() {
    return openRows;
  }

  /** JDBC's getUpdateCount: -1 when the current result is rows. */
  long updateCount() {
    return openRows != null ? -1 : updateCount;
  }

  /** The changed-row count of the statement, whether or not it returned rows. */
  long changes() {
    return Math.max(0, updateCount);
  }

  /** The changed-row count of the last execution: ours after a migration, else sqlite-jdbc's. */
  long changesOr(Statement sqlite) throws SQLException {
    return active ? changes() : Math.max(0, sqlite.getLargeUpdateCount());
  }

  /**
   * executeQuery of a write without RETURNING, refused before anything runs: the migration would
   * otherwise be applied and only then refused.
   */
  static SQLException noRows() {
    return new SQLException(
        "executeQuery needs a statement that returns rows; this one writes without RETURNING."
            + " Use executeUpdate or execute.",
        "07000");
  }

  /** getMoreResults: there is only one result; it is dropped. */
  void next() throws SQLException {
    if (openRows != null) {
      openRows.close();
      openRows = null;
    }
    updateCount = -1;
  }

  /** sqlite-jdbc's generated keys: {@code last_insert_rowid()} of the schema database's step. */
  ResultSet generatedKeys() throws SQLException {
    if (keys != null) {
      keys.close();
    }
    keys = ResultMaterializer.generatedKey(sqlite, lastRowid);
    return keys.executeQuery();
  }
}
