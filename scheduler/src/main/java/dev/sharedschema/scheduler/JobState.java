package dev.sharedschema.scheduler;

import java.util.EnumSet;
import java.util.Set;

/** The state of a migration job (names from libsql's shared schema), with its allowed moves. */
public enum JobState {
  WaitingDryRun,
  DryRunSuccess,
  DryRunFailure,
  WaitingRun,
  RunSuccess,
  /**
   * Paused: a task failed in the run phase. Later jobs wait until {@code retry} or {@code unlink}.
   */
  RunFailure;

  /** True when nothing more will happen to the job. */
  public boolean isTerminal() {
    return next().isEmpty();
  }

  /** The states in which nothing more happens to a job: the queue has moved past it. */
  public static Set<JobState> terminal() {
    EnumSet<JobState> out = EnumSet.noneOf(JobState.class);
    for (JobState s : values()) {
      if (s.isTerminal()) {
        out.add(s);
      }
    }
    return out;
  }

  /** The states of a job still in the queue (running, or paused in {@code RunFailure}). */
  public static Set<JobState> unfinished() {
    return EnumSet.complementOf(EnumSet.copyOf(terminal()));
  }

  /** The states this one may move to; every transition is checked against this one place. */
  public Set<JobState> next() {
    return switch (this) {
      case WaitingDryRun -> EnumSet.of(DryRunSuccess, DryRunFailure);
      case DryRunSuccess -> EnumSet.of(WaitingRun);
      case WaitingRun -> EnumSet.of(RunSuccess, RunFailure);
      case RunFailure -> EnumSet.of(WaitingRun);
      case DryRunFailure, RunSuccess -> EnumSet.noneOf(JobState.class);
    };
  }

  /**
   * @throws IllegalStateException when {@code to} is not a move this state allows
   */
  public JobState checkMove(JobState to) {
    if (!next().contains(to)) {
      throw new IllegalStateException("job cannot move from " + this + " to " + to);
    }
    return to;
  }
}
