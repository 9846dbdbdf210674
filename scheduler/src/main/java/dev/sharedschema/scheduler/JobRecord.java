package dev.sharedschema.scheduler;

/**
 * One job as the registry holds it.
 *
 * @param id job id, increasing in submission order
 * @param state current state
 * @param summary the first statement of the migration, for people
 * @param taskCount linked databases the job was created for (plus any linked while it ran)
 * @param error why it failed or paused, else {@code null}
 * @param submittedAt epoch milliseconds
 * @param dryRunAt when the dry run finished, epoch milliseconds, or {@code null}
 * @param finishedAt when it reached {@code RunSuccess} or {@code DryRunFailure}, or {@code null}
 */
public record JobRecord(
    long id,
    JobState state,
    String summary,
    int taskCount,
    String error,
    long submittedAt,
    Long dryRunAt,
    Long finishedAt) {}
