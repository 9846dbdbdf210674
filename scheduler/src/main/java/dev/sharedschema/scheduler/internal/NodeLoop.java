package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.TaskOutcome;
import java.lang.System.Logger.Level;
import java.util.function.BiConsumer;

/**
 * The thread that does a node's share of every job in this JVM ({@link NodeTasks}): works while
 * there is work, and looks again soon while a job is under way (other nodes or the coordinator may
 * move it any moment), rarely when none is.
 */
public final class NodeLoop implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.sharedschema.scheduler");
  private static final long FIRST_PAUSE_MS = 5;
  private static final long ACTIVE_PAUSE_MS = 40;
  private static final long IDLE_PAUSE_MS = 250;
  private static final long ERROR_PAUSE_MS = 5_000;

  private final NodeTasks tasks;
  private final ChangeSignal signal;
  private final BiConsumer<Long, TaskOutcome> progress;
  private final Thread thread;
  private volatile boolean closed;

  public NodeLoop(
      NodeTasks tasks, ChangeSignal signal, BiConsumer<Long, TaskOutcome> progress, String name) {
    this.tasks = tasks;
    this.signal = signal;
    this.progress = progress;
    this.thread = new Thread(this::run, "sharedschema-node-" + name);
    thread.setDaemon(true);
  }

  public NodeLoop start() {
    thread.start();
    return this;
  }

  private void run() {
    long pause = FIRST_PAUSE_MS;
    boolean failing = false;
    while (!closed) {
      long seen = signal.version();
      try {
        int done = tasks.work(() -> closed, progress);
        failing = false;
        if (done > 0) {
          signal.wake(); // the coordinator, if it is in this JVM, looks at once
          pause = FIRST_PAUSE_MS;
          continue;
        }
        pause = Math.min(pause * 2, done < 0 ? IDLE_PAUSE_MS : ACTIVE_PAUSE_MS);
      } catch (java.sql.SQLException | RuntimeException e) {
        if (closed) {
          break;
        }
        // Once per outage: a registry that is down for a while is retried quietly.
        LOG.log(
            failing ? Level.DEBUG : Level.WARNING,
            "node work of " + tasks.member() + " hit an error and retries: " + e);
        failing = true;
        pause = Math.min(Math.max(pause * 2, 100), ERROR_PAUSE_MS);
      }
      signal.pause(seen, pause);
    }
    tasks.close();
  }

  /** Stops after the batch under way (work in flight finishes, nothing new starts). */
  @Override
  public void close() {
    closed = true;
    signal.wake();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
