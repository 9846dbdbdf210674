package dev.sharedschema.bench;

import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.MigrationListener;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskState;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the wall time of one migration goes, from the scheduler's own progress events: submit →
 * first and last dry-run task → run phase entered → first and last run task → {@code RunSuccess} →
 * {@code migrate} returned. Gaps between the marks are scheduler work (registry, phase turns, the
 * schema database's steps), the spans between first and last task are the fleet's.
 */
final class PhaseClock implements MigrationListener {
  private final AtomicLong start = new AtomicLong();
  private final AtomicLong firstDry = new AtomicLong();
  private final AtomicLong lastDry = new AtomicLong();
  private final AtomicLong waitingRun = new AtomicLong();
  private final AtomicLong firstRun = new AtomicLong();
  private final AtomicLong lastRun = new AtomicLong();
  private final AtomicLong success = new AtomicLong();
  private final AtomicLong returned = new AtomicLong();

  void begin() {
    for (AtomicLong mark :
        new AtomicLong[] {firstDry, lastDry, waitingRun, firstRun, lastRun, success, returned}) {
      mark.set(0);
    }
    start.set(System.nanoTime());
  }

  @Override
  public void taskDone(long jobId, TaskOutcome outcome) {
    long now = System.nanoTime();
    boolean dry =
        outcome.state() == TaskState.DryRunSuccess || outcome.state() == TaskState.DryRunFailure;
    (dry ? firstDry : firstRun).compareAndSet(0, now);
    (dry ? lastDry : lastRun).set(now);
  }

  @Override
  public void jobState(long jobId, JobState state) {
    if (state == JobState.WaitingRun) {
      waitingRun.set(System.nanoTime());
    } else if (state == JobState.RunSuccess) {
      success.set(System.nanoTime());
    }
  }

  /**
   * Call when the migration's {@code execute} returned: the last mark. (Taking it in {@link
   * #describe} instead counted the time until the report was printed, after every run.)
   */
  void end() {
    returned.set(System.nanoTime());
  }

  /** The marks of the last migration, in ms from {@code begin}. */
  String describe() {
    return String.format(
        Locale.ROOT,
        " [to 1st dry %.0f, dry %.0f, turn %.0f, to 1st run %.0f, run %.0f, schema %.0f, return %.0f ms]",
        ms(firstDry.get() - start.get()),
        ms(lastDry.get() - firstDry.get()),
        ms(waitingRun.get() - lastDry.get()),
        ms(firstRun.get() - waitingRun.get()),
        ms(lastRun.get() - firstRun.get()),
        ms(success.get() - lastRun.get()),
        ms(returned.get() - success.get()));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
