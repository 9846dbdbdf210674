package dev.sharedschema.scheduler;

/**
 * One job as the registry holds it.
 *
 * @param id job id, increasing in submission order
 * @param token random, made with the job: a linked database records it with the job id, so a
 *     registry restored from a backup that issues the id again never makes a new job look applied
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
    String token,
    JobState state,
    String summary,
    int taskCount,
    String error,
    long submittedAt,
    Long dryRunAt,
    Long finishedAt) {}
