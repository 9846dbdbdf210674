package dev.sharedschema.scheduler;

import java.nio.file.Path;

/**
 * What a linked database says about its link: the registry it belongs to and the schema database,
 * or, for a file on a node without the schema database (DESIGN.md §10), the node it belongs to.
 *
 * @param registryId id of the schema database's registry
 * @param schemaDatabase absolute path of the schema database; null when the mark names a node
 * @param node the node the mark names, or null when it names the schema database
 */
public record LinkRecord(String registryId, Path schemaDatabase, String node) {
  /** A mark that names the schema database. */
  public LinkRecord(String registryId, Path schemaDatabase) {
    this(registryId, schemaDatabase, null);
  }
}
