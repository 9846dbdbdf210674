package dev.sharedschema.driver.internal;

import dev.sharedschema.driver.internal.schema.LocalTables;
import dev.sharedschema.scheduler.NodeSettings;
import java.time.Duration;

/**
 * Our keys' values for one connection, validated (DESIGN.md §3).
 *
 * @param sharedSchema {@code shared_schema=true}
 * @param schemaName {@code shared_schema_name}, as given; {@code null} when absent
 * @param workers {@code shared_schema_workers}
 * @param busyTimeout {@code shared_schema_busy_timeout}
 * @param timeout {@code shared_schema_timeout}; {@code null} means unbounded
 * @param allowAttach {@code shared_schema_allow_attach}
 * @param localTables {@code shared_schema_local_tables}; {@link LocalTables#NONE} when absent
 * @param registry {@code shared_schema_registry}: the fleet's PostgreSQL registry, or {@code null}
 *     for the SQLite file beside the schema database
 * @param node {@code shared_schema_node}, or {@code null} for the host name
 * @param nodeTimeout {@code shared_schema_node_timeout}; {@code null} means unbounded
 */
public record Settings(
    boolean sharedSchema,
    String schemaName,
    int workers,
    Duration busyTimeout,
    Duration timeout,
    boolean allowAttach,
    LocalTables localTables,
    String registry,
    String node,
    Duration nodeTimeout) {

  /** True when the URL asks for a role (schema or linked) explicitly. */
  public boolean hasRoleKeys() {
    return sharedSchema || schemaName != null || registry != null;
  }

  /** The scale-out settings, when the registry is in PostgreSQL (DESIGN.md §10). */
  public NodeSettings nodeSettings() {
    return registry == null ? null : new NodeSettings(registry, node, nodeTimeout);
  }
}
