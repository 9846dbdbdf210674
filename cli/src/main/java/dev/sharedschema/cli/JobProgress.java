package dev.sharedschema.cli;

import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.MigrationListener;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shows the progress of one job from the scheduler's events: a {@link ProgressLine} for the dry
 * run, then one for the run. The job's id is known only after {@code submit} returns, while the
 * scheduler may already be working on it, so events that arrive before {@link #follow} are kept and
 * replayed.
 */
final class JobProgress implements MigrationListener {
  private final PrintWriter out;
  private final ProgressMode mode;
  private final Map<Long, Integer> submitted = new HashMap<>();
  private final List<Early> early = new ArrayList<>();
  private long jobId = -1;
  private int runTotal;

  /** When the current phase began: at {@link #follow}, then when the dry run ended. */
  private long phaseStarted;

  private ProgressLine dryRun;
  private ProgressLine run;
  private boolean heard;

  JobProgress(PrintWriter out, ProgressMode mode) {
    this.out = out;
    this.mode = mode;
  }

  /**
   * Starts showing job {@code id}; {@code total} databases, or -1 for the count it was submitted
   * with.
   */
  synchronized void follow(long id, int total) {
    jobId = id;
    phaseStarted = System.nanoTime();
    runTotal = total >= 0 ? total : submitted.getOrDefault(id, 0);
    for (Early e : early) {
      if (e.jobId() == id && e.outcome() != null) {
        taskDone(id, e.outcome());
      } else if (e.jobId() == id) {
        jobState(id, e.state());
      }
    }
    early.clear();
  }

  /**
   * True once any event of the followed job arrived (a job stepped by another process sends none
   * here).
   */
  synchronized boolean heard() {
    return heard;
  }

  @Override
  public synchronized void jobSubmitted(long id, int tasks) {
    submitted.put(id, tasks);
  }

  @Override
  public synchronized void taskDone(long id, TaskOutcome outcome) {
    if (jobId < 0) {
      early.add(new Early(id, outcome, null));
      return;
    }
    if (id != jobId) {
      return;
    }
    heard = true;
    TaskState s = outcome.state();
    boolean failed = s == TaskState.DryRunFailure || s == TaskState.RunFailure;
    if (s == TaskState.RunSuccess || s == TaskState.RunFailure) {
      if (dryRun != null) {
        dryRun.finish();
      }
      if (run == null) {
        run = line("run");
      }
      run.advance(failed);
    } else if (run == null) {
      if (dryRun == null) {
        dryRun = line("dry run");
      }
      dryRun.advance(failed);
    }
    // A dry-run outcome after the run began is a database linked mid-job; the final counts show it.
  }

  @Override
  public synchronized void jobState(long id, JobState state) {
    if (jobId < 0) {
      early.add(new Early(id, null, state));
      return;
    }
    if (id != jobId) {
      return;
    }
    heard = true;
    if (dryRun != null && state != JobState.WaitingRun) {
      dryRun.finish();
    }
    if (state == JobState.DryRunSuccess || state == JobState.WaitingRun) {
      phaseStarted = System.nanoTime();
    }
    if (run != null && (state.isTerminal() || state == JobState.RunFailure)) {
      run.finish();
    }
  }

  private ProgressLine line(String label) {
    return new ProgressLine(out, mode, label, runTotal, phaseStarted, System::nanoTime);
  }

  /**
   * Closes any open line (e.g. when the wait timed out), so that later output starts on its own
   * line.
   */
  synchronized void close() {
    if (dryRun != null) {
      dryRun.finish();
    }
    if (run != null) {
      run.finish();
    }
  }

  /** An event that came before the job to follow was known. */
  private record Early(long jobId, TaskOutcome outcome, JobState state) {}
}
