package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.JobRecord;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;

/** What the lease holder runs to move the job at the head of the queue on. */
public interface Stepper extends AutoCloseable {
  /**
   * Makes the next move of {@code job} as the holder of {@code fence}; false when there is nothing
   * to do now (terminal, paused, or waiting for other nodes).
   */
  boolean step(JobRecord job, Fence fence, BooleanSupplier stopping) throws SQLException;

  /** How long to wait before the next step when this one returned false. */
  long pauseMillis();

  @Override
  void close();
}
