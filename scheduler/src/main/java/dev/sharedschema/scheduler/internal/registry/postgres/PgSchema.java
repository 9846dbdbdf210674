package dev.sharedschema.scheduler.internal.registry.postgres;

import dev.sharedschema.scheduler.internal.SqlScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Creates the registry's tables in PostgreSQL, or upgrades them, from versioned DDL in resources
 * ({@code postgres/registry-N.sql}), recording each version applied in {@code
 * _sharedschema_version}. Runs in one transaction under an advisory lock, so several processes
 * opening a new registry at once agree, and an upgrade is all or nothing.
 */
final class PgSchema {
  /** The newest version this code knows; scripts 1..VERSION are applied in order. */
  static final int VERSION = 1;

  /** Any number, the same in every process: the advisory lock that serialises set-up. */
  private static final long LOCK = 0x5348415245445343L;

  private static final List<SqlScript> SCRIPTS = List.of(SqlScript.load("postgres/registry-1.sql"));

  private PgSchema() {}

  /** Makes the tables current; returns the version found before (0: new). */
  static int ensure(Connection c, String where, long now) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, LOCK);
      lock.executeQuery().close();
    }
    PgSession.exec(
        c,
        "CREATE TABLE IF NOT EXISTS _sharedschema_version"
            + " (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
    int found;
    try (PreparedStatement ps =
            c.prepareStatement("SELECT coalesce(max(version), 0) FROM _sharedschema_version");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      found = rs.getInt(1);
    }
    if (found > VERSION) {
      throw new SQLException(
          "the registry at "
              + where
              + " is version "
              + found
              + ", written by a newer sharedschema; this one knows versions up to "
              + VERSION
              + ". Use that newer version.",
          "08001");
    }
    for (int v = found + 1; v <= VERSION; v++) {
      SCRIPTS.get(v - 1).run(c);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO _sharedschema_version(version, applied_at) VALUES (?, ?)")) {
        ps.setInt(1, v);
        ps.setLong(2, now);
        ps.executeUpdate();
      }
    }
    return found;
  }
}
