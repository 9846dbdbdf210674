package dev.sharedschema.cli;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.MigrationFailedException;
import dev.sharedschema.scheduler.MigrationPausedException;
import dev.sharedschema.scheduler.MigrationTimeoutException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Waits for a job this process drives (after {@code migrate}, {@code retry}, {@code demo}), showing
 * its progress, and reports how it ended. The wait is cut in slices so that a job that sends no
 * events here (queued behind another, or stepped by another process holding the lease) is said to
 * be waiting rather than looking stuck.
 */
final class JobFollower {
  private static final Duration SLICE = Duration.ofSeconds(2);

  private final SharedSchema schema;
  private final JobProgress progress;
  private final PrintWriter out;
  private final PrintWriter err;
  private Instant retriedAt;
  private int retried;

  JobFollower(SharedSchema schema, JobProgress progress, PrintWriter out, PrintWriter err) {
    this.schema = schema;
    this.progress = progress;
    this.out = out;
    this.err = err;
  }

  /**
   * The job was paused and re-driven at {@code at} for {@code databases}: its run is then timed
   * from the retry, not from the dry run (the pause is not work).
   */
  JobFollower retriedAt(Instant at, int databases) {
    this.retriedAt = at;
    this.retried = databases;
    return this;
  }

  /**
   * Waits for job {@code id} to end (or pause); returns the exit code: 0 for RunSuccess, else 1.
   */
  int await(long id, Duration timeout) throws SQLException {
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    boolean saidWaiting = false;
    while (true) {
      long left = deadline - System.nanoTime();
      try {
        schema.await(id, left < SLICE.toNanos() ? Duration.ofNanos(Math.max(left, 0)) : SLICE);
        progress.close();
        report(id);
        return 0;
      } catch (MigrationFailedException | MigrationPausedException e) {
        progress.close();
        report(id);
        err.println(e.getMessage());
        return 1;
      } catch (MigrationTimeoutException e) {
        if (System.nanoTime() >= deadline) {
          progress.close();
          report(id);
          Path db = schema.schemaDatabase();
          err.println(
              "gave up waiting for job "
                  + id
                  + " after "
                  + Units.duration(timeout)
                  + "; it goes on whenever the schema database is open: run `sharedschema resume "
                  + db
                  + "` to finish it, and `sharedschema job "
                  + db
                  + " "
                  + id
                  + "` to watch it");
          return 1;
        }
        if (!saidWaiting && !progress.heard()) {
          saidWaiting = true;
          Optional<JobSummary> j = schema.job(id);
          out.println(
              "job "
                  + id
                  + " is "
                  + j.map(s -> s.state().toString()).orElse("unknown")
                  + ": waiting for earlier jobs, or for the process that holds the schema database's lease");
          out.flush();
        }
      }
    }
  }

  /** {@code job 2 RunSuccess in 2.31 s: 1000 RunSuccess}, then the time of each phase. */
  void report(long id) throws SQLException {
    Optional<JobSummary> found = schema.job(id);
    if (found.isEmpty()) {
      return;
    }
    JobSummary j = found.get();
    int n = JobView.total(j.tasks());
    out.println(
        "job "
            + j.id()
            + " "
            + j.state()
            + " in "
            + Units.duration(JobView.elapsed(j))
            + ": "
            + JobView.counts(j.tasks()));
    if (j.dryRunAt() != null) {
      StringBuilder phases =
          new StringBuilder("  dry run ").append(phase(j.submittedAt(), j.dryRunAt(), n));
      if (j.state() == JobState.RunSuccess && j.finishedAt() != null) {
        if (retriedAt == null) {
          phases.append(", run ").append(phase(j.dryRunAt(), j.finishedAt(), n));
        } else {
          phases.append(", run after the retry ").append(phase(retriedAt, j.finishedAt(), retried));
        }
      }
      out.println(phases);
    }
    out.flush();
  }

  private static String phase(Instant from, Instant to, int databases) {
    long nanos = Duration.between(from, to).toNanos();
    String per = Units.per(nanos, databases, "database");
    return Units.nanos(nanos) + (per.isEmpty() ? "" : " (" + per + ")");
  }
}
