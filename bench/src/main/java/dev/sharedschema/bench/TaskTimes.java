package dev.sharedschema.bench;

import dev.sharedschema.scheduler.MigrationListener;
import dev.sharedschema.scheduler.TaskOutcome;
import java.util.Arrays;
import java.util.Map;

/**
 * When each tenant's migration tasks (dry run, run) finished, as the scheduler reported them to a
 * progress listener ({@link System#nanoTime} at the callback). The callback comes on the stepper
 * thread a little after the task released the tenant's write lock; {@link #near} therefore looks
 * for a task end within a margin around a write.
 */
final class TaskTimes implements MigrationListener {
  private final Map<String, Integer> indexOfStoredPath;
  private final long[][] ends;
  private final int[] counts;

  TaskTimes(Map<String, Integer> indexOfStoredPath, int tenants, int tasksPerTenant) {
    this.indexOfStoredPath = indexOfStoredPath;
    this.ends = new long[tenants][tasksPerTenant];
    this.counts = new int[tenants];
  }

  @Override
  public void taskDone(long jobId, TaskOutcome outcome) {
    long now = System.nanoTime();
    Integer i = indexOfStoredPath.get(outcome.path());
    if (i == null) {
      return;
    }
    synchronized (this) {
      if (counts[i] == ends[i].length) {
        ends[i] = Arrays.copyOf(ends[i], counts[i] * 2);
      }
      ends[i][counts[i]++] = now;
    }
  }

  /** True when a task of {@code tenant} ended within {@code margin} of [start, end]. */
  boolean near(int tenant, long start, long end, long margin) {
    return distance(tenant, start, end) <= margin;
  }

  /**
   * How far [start, end] is from the nearest reported task end of {@code tenant}: 0 when one falls
   * inside it, {@link Long#MAX_VALUE} when the tenant had none.
   */
  synchronized long distance(int tenant, long start, long end) {
    long best = Long.MAX_VALUE;
    for (int k = 0; k < counts[tenant]; k++) {
      long t = ends[tenant][k];
      long d = t < start ? start - t : t > end ? t - end : 0;
      best = Math.min(best, d);
    }
    return best;
  }

  /** Task ends seen in all, for the report. */
  synchronized int total() {
    return Arrays.stream(counts).sum();
  }
}
