package dev.sharedschema.scheduler;

/**
 * What happened to one linked database in one phase.
 *
 * @param path the database as stored in the registry (relative to the schema database's directory
 *     when under it)
 * @param state the task's new state
 * @param statement 1-based number of the failing statement, or 0
 * @param error the error, or {@code null}
 */
public record TaskOutcome(String path, TaskState state, int statement, String error) {}
