package dev.sharedschema.scheduler;

import dev.sharedschema.scheduler.internal.registry.postgres.PgRegistries;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Where a fleet spread over several machines keeps its registry, and which machine this is
 * (DESIGN.md §10): {@code shared_schema_registry}, {@code shared_schema_node} and {@code
 * shared_schema_node_timeout}.
 *
 * @param registryUrl a {@code jdbc:postgresql://…} URL (PostgreSQL 14+); its JDBC driver, the
 *     artifact {@code org.postgresql:postgresql}, must be on the class path
 * @param node this node's name
 * @param nodeTimeout how long a dry run waits for a node that stopped heartbeating before it fails
 *     naming the node; null waits as long as it takes
 */
public record NodeSettings(String registryUrl, String node, Duration nodeTimeout) {
  /** Marks in files on a node without the schema database name the fleet's node by this. */
  public static final String NODE_MARK_PREFIX = "sharedschema-node:";

  public NodeSettings {
    if (registryUrl == null || !registryUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "a registry URL starts with jdbc:postgresql: (got " + registryUrl + ")");
    }
    if (node == null || node.isBlank()) {
      node = defaultNode();
    }
  }

  /** This machine's host name: the default node name. */
  public static String defaultNode() {
    String env = System.getenv("HOSTNAME");
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return env == null || env.isBlank() ? "localhost" : env;
    }
  }

  /** Opens the fleet's registry for its schema database, on this node (the schema node). */
  public RegistryProvider provider() {
    return (schema, options) ->
        PgRegistries.openSchema(
            schema,
            registryUrl,
            node,
            nodeTimeout,
            false,
            options.faults(),
            options.clock().millis());
  }

  /**
   * Opens the registry for {@code schemaDatabase} on this node, making the fleet if it has none.
   */
  public NodeRegistry openOrCreate(Path schemaDatabase, SchedulerOptions options)
      throws SQLException {
    Path schema = CanonicalPath.of(schemaDatabase);
    if (!RegistryFile.existsFor(schema)) {
      java.util.Optional<LinkRecord> link = RegistryFile.linkOf(schema);
      if (link.isPresent()) {
        throw new LinkRefusedException(
            schema,
            "it is a linked database"
                + (link.get().node() != null ? " of node " + link.get().node() : "")
                + ", and a linked database never becomes a schema database (its schema comes from"
                + " its fleet's schema database).",
            "cannot make " + schema + " a schema database");
      }
    }
    return PgRegistries.openSchema(
        schemaDatabase,
        registryUrl,
        node,
        nodeTimeout,
        true,
        options.faults(),
        options.clock().millis());
  }

  /** Opens the registry as this node, which need not hold the schema database. */
  public NodeRegistry openNode(SchedulerOptions options) throws SQLException {
    return PgRegistries.openNode(registryUrl, node, nodeTimeout, options.clock().millis());
  }

  /** The registry URL without its query (which may hold a password), for messages. */
  public String shownUrl() {
    int q = registryUrl.indexOf('?');
    return q < 0 ? registryUrl : registryUrl.substring(0, q) + "?…";
  }
}
