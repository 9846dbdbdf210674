package dev.sharedschema.scheduler;

/**
 * One task of a job as the registry hands it out: the linked database and the generation of its
 * link. An outcome carries the generation back, so that an outcome computed for a link that was
 * unlinked and linked again since (maybe a new file under the same name) is discarded.
 *
 * @param path the database as stored in the registry (relative to the schema database's directory
 *     when under it)
 * @param generation the link's generation when the task was made
 */
public record TaskRef(String path, long generation) {}
