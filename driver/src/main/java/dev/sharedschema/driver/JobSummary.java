package dev.sharedschema.driver;

import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.TaskFailure;
import dev.sharedschema.scheduler.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One migration job as an operator sees it.
 *
 * @param id job id, increasing in submission order
 * @param state the job's state
 * @param summary the first statement of the migration
 * @param tasks linked databases per task state
 * @param submittedAt when the job was recorded
 * @param dryRunAt when its dry run finished, or {@code null}
 * @param finishedAt when it reached a terminal state, or {@code null}
 * @param error why it failed or paused, or {@code null}
 * @param failures failing databases with their errors (at most {@link SharedSchema#FAILURES_SHOWN})
 */
public record JobSummary(
    long id,
    JobState state,
    String summary,
    Map<TaskState, Integer> tasks,
    Instant submittedAt,
    Instant dryRunAt,
    Instant finishedAt,
    String error,
    List<TaskFailure> failures) {}
