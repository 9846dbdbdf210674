package dev.sharedschema.scheduler.internal.registry.postgres;

import dev.sharedschema.scheduler.LinkRefusedException;
import dev.sharedschema.scheduler.internal.SqlScript;
import dev.sharedschema.scheduler.internal.SqliteFiles;
import dev.sharedschema.scheduler.internal.Transactions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SQLite file beside a schema database whose registry is in PostgreSQL (see {@code
 * postgres/sidecar.sql}): which fleet it belongs to, and the jobs applied to the schema database.
 */
public final class Sidecar {
  /** The alias it is attached under on the final step's schema connection. */
  static final String ALIAS = "_sharedschema_sidecar";

  private static final SqlScript DDL = SqlScript.load("postgres/sidecar.sql");

  private Sidecar() {}

  /** The sidecar's file: the registry file name of the SQLite registry. */
  static Path of(Path schemaDatabase) {
    return SqliteFiles.registryOf(schemaDatabase);
  }

  /**
   * The PostgreSQL registry a registry file names, if it is a sidecar (its URL without the query);
   * empty for a SQLite registry. Read before a SQLite registry opens the file, which it must not.
   */
  public static Optional<String> remoteOf(Connection registryFile) throws SQLException {
    try (PreparedStatement ps =
            registryFile.prepareStatement(
                "SELECT name FROM sqlite_master WHERE name = '_sharedschema_remote'");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
    }
    try (PreparedStatement ps =
            registryFile.prepareStatement("SELECT registry FROM _sharedschema_remote LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return Optional.of(rs.next() ? rs.getString(1) : "a PostgreSQL registry");
    }
  }

  /**
   * Makes (or checks) the sidecar of {@code schema} for the fleet {@code registryId}; refuses a
   * schema database that belongs to another registry (a SQLite one, or another fleet's).
   */
  static void ensure(Path schema, String registryId, String url, String node, long now)
      throws SQLException {
    Path file = of(schema);
    try (Connection c = SqliteFiles.openJournaled(file)) {
      Transactions.immediate(
          c,
          () -> {
            boolean sqliteRegistry = hasTable(c, "_sharedschema_jobs");
            if (sqliteRegistry) {
              throw new LinkRefusedException(
                  schema,
                  "its registry is the SQLite file "
                      + file.getFileName()
                      + " beside it; a fleet cannot move its registry to PostgreSQL in place"
                      + " (yet). Start the PostgreSQL fleet from a new schema database.",
                  "cannot use " + schema + " with the registry " + PgSession.redacted(url));
            }
            DDL.run(c);
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT registry_id FROM _sharedschema_remote");
                ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                if (!rs.getString(1).equals(registryId)) {
                  throw new LinkRefusedException(
                      schema,
                      "it is the schema database of the registry "
                          + rs.getString(1)
                          + ", not of the one at "
                          + PgSession.redacted(url)
                          + " (id "
                          + registryId
                          + "). Name the registry it belongs to.",
                      "cannot use " + schema + " with the registry " + PgSession.redacted(url));
                }
                return null;
              }
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO _sharedschema_remote(registry_id, registry, node, created_at)"
                        + " VALUES (?, ?, ?, ?)")) {
              ps.setString(1, registryId);
              ps.setString(2, PgSession.redacted(url));
              ps.setString(3, node);
              ps.setLong(4, now);
              ps.executeUpdate();
            }
            return null;
          });
    }
  }

  /** The jobs the sidecar records as applied to the schema database: id → token. */
  static Map<Long, String> applied(Path schema) throws SQLException {
    Map<Long, String> out = new LinkedHashMap<>();
    Path file = of(schema);
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try (Connection c = SqliteFiles.openReadOnly(file);
        PreparedStatement ps =
            c.prepareStatement("SELECT job_id, token FROM _sharedschema_final ORDER BY job_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getLong(1), rs.getString(2));
      }
    }
    return out;
  }

  private static boolean hasTable(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
