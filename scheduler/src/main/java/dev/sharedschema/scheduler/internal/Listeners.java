package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.MigrationListener;
import dev.sharedschema.scheduler.TaskOutcome;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The progress listeners of one scheduler; a listener that throws is logged and ignored. */
public final class Listeners {
  private static final System.Logger LOG = System.getLogger("dev.sharedschema.scheduler");

  private final List<MigrationListener> all = new CopyOnWriteArrayList<>();
  private final String owner;

  public Listeners(String owner) {
    this.owner = owner;
  }

  public void add(MigrationListener l) {
    all.add(l);
  }

  public void remove(MigrationListener l) {
    all.remove(l);
  }

  public void jobSubmitted(long jobId, int tasks) {
    fire(l -> l.jobSubmitted(jobId, tasks));
  }

  public void taskDone(long jobId, TaskOutcome outcome) {
    fire(l -> l.taskDone(jobId, outcome));
  }

  public void jobState(long jobId, JobState state) {
    fire(l -> l.jobState(jobId, state));
  }

  private void fire(Consumer<MigrationListener> event) {
    for (MigrationListener l : all) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a migration listener of " + owner + " threw; ignored", e);
      }
    }
  }
}
