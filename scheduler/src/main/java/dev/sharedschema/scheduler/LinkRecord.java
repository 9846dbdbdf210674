package dev.sharedschema.scheduler;

import java.nio.file.Path;

/**
 * What a linked database says about its link: the registry it belongs to and the schema database.
 *
 * @param registryId id of the schema database's registry
 * @param schemaDatabase absolute path of the schema database
 */
public record LinkRecord(String registryId, Path schemaDatabase) {}
