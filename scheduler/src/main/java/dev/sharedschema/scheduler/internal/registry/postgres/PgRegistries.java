package dev.sharedschema.scheduler.internal.registry.postgres;

import dev.sharedschema.scheduler.CanonicalPath;
import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.NodeRegistry.Snapshot;
import dev.sharedschema.scheduler.SchemaFingerprint;
import dev.sharedschema.scheduler.internal.SqliteFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Opens PostgreSQL registries: the schema node's (creating the fleet) and other nodes'. */
public final class PgRegistries {
  private PgRegistries() {}

  /** What the registry row says about the fleet. */
  private record Fleet(String id, String schemaNode, String schemaPath) {}

  /**
   * Opens the registry at {@code url} for the schema database {@code schemaDatabase} on node {@code
   * node}, creating the fleet when {@code create} and the registry has none. Refuses a registry
   * whose schema database is another file or on another node.
   */
  public static PgRegistry openSchema(
      Path schemaDatabase,
      String url,
      String node,
      Duration nodeTimeout,
      boolean create,
      FaultHooks faults,
      long now)
      throws SQLException {
    Path schema = CanonicalPath.of(schemaDatabase);
    PgSession session = new PgSession(url);
    try {
      Fleet fleet =
          session.tx(
              c -> {
                PgSchema.ensure(c, PgSession.redacted(url), now);
                Fleet f = read(c);
                if (f == null && create) {
                  f = new Fleet(UUID.randomUUID().toString(), node, schema.toString());
                  insert(c, f, schema, now);
                }
                return f;
              });
      if (fleet == null) {
        throw new SQLException(
            "the registry at "
                + PgSession.redacted(url)
                + " has no fleet yet: open the schema database with shared_schema=true (or"
                + " `sharedschema init --registry …`) to make one",
            "08001");
      }
      if (!fleet.schemaNode().equals(node) || !fleet.schemaPath().equals(schema.toString())) {
        throw new SQLException(
            "the fleet of the registry at "
                + PgSession.redacted(url)
                + " has the schema database "
                + fleet.schemaPath()
                + " on node "
                + fleet.schemaNode()
                + ", not "
                + schema
                + " on node "
                + node
                + ". Open that one, or name this node with shared_schema_node (--node).",
            "08004");
      }
      Sidecar.ensure(schema, fleet.id(), url, node, now);
      PgRegistry registry =
          new PgRegistry(
              session, fleet.id(), node, fleet.schemaNode(), schema, nodeTimeout, faults);
      if (Files.isRegularFile(schema) && registry.snapshot().isEmpty()) {
        // What templates of new nodes are made from, until the first job publishes a newer one.
        registry.publishSnapshot(registry.history().head());
      }
      return registry;
    } catch (SQLException | RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /** Opens the registry at {@code url} for node {@code node}, which need not hold the schema. */
  public static PgRegistry openNode(String url, String node, Duration nodeTimeout, long now)
      throws SQLException {
    PgSession session = new PgSession(url);
    try {
      Fleet fleet =
          session.tx(
              c -> {
                PgSchema.ensure(c, PgSession.redacted(url), now);
                return read(c);
              });
      if (fleet == null) {
        throw new SQLException(
            "the registry at "
                + PgSession.redacted(url)
                + " has no fleet yet: make it on the schema node first (a schema connection with"
                + " shared_schema=true&shared_schema_registry=…, or `sharedschema init"
                + " SCHEMA_DB --registry …`)",
            "08001");
      }
      return new PgRegistry(
          session,
          fleet.id(),
          node,
          fleet.schemaNode(),
          Path.of(fleet.schemaPath()),
          nodeTimeout,
          FaultHooks.NONE);
    } catch (SQLException | RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private static Fleet read(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT id, schema_node, schema_path FROM _sharedschema_registry");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? new Fleet(rs.getString(1), rs.getString(2), rs.getString(3)) : null;
    }
  }

  private static void insert(Connection c, Fleet f, Path schema, long now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO _sharedschema_registry(id, schema_node, schema_path, created_at, schema)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, f.id());
      ps.setString(2, f.schemaNode());
      ps.setString(3, f.schemaPath());
      ps.setLong(4, now);
      ps.setString(5, schemaOf(schema));
      ps.executeUpdate();
    }
  }

  private static String schemaOf(Path schema) throws SQLException {
    if (!Files.isRegularFile(schema)) {
      return SchemaFingerprint.empty().encode();
    }
    try (Connection c = SqliteFiles.openExisting(schema)) {
      return SchemaFingerprint.read(c).encode();
    }
  }

  static Optional<Snapshot> snapshot(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT snapshot, snapshot_job FROM _sharedschema_registry"
                    + " WHERE snapshot IS NOT NULL");
        ResultSet rs = ps.executeQuery()) {
      return rs.next()
          ? Optional.of(new Snapshot(rs.getBytes(1), rs.getLong(2)))
          : Optional.empty();
    }
  }

  /** Keeps the newest snapshot: an older one (a late coordinator) never replaces it. */
  static void publish(Connection c, byte[] file, long job) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE _sharedschema_registry SET snapshot = ?, snapshot_job = ?"
                + " WHERE snapshot IS NULL OR snapshot_job <= ?")) {
      ps.setBytes(1, file);
      ps.setLong(2, job);
      ps.setLong(3, job);
      ps.executeUpdate();
    }
  }
}
