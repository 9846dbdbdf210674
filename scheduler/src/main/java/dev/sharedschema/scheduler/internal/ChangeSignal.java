package dev.sharedschema.scheduler.internal;

/**
 * Wakes threads waiting for a scheduler's state to change (a job submitted, stepped or finished) in
 * this JVM. Waiters also time out and re-read the registry, since another JVM's changes send no
 * signal here.
 */
public final class ChangeSignal {
  private long version;
  private boolean closed;

  /** The current version; pass it to {@link #awaitChange} to wait for the next change. */
  public synchronized long version() {
    return version;
  }

  public synchronized void wake() {
    version++;
    notifyAll();
  }

  /** Wakes every waiter for good: {@link #awaitChange} no longer blocks. */
  public synchronized void close() {
    closed = true;
    wake();
  }

  /**
   * Waits up to {@code millis} for a change after version {@code seen}.
   *
   * @throws InterruptedException the thread was interrupted: the caller decides what that means
   *     (re-setting the flag and waiting again would spin)
   */
  public synchronized void awaitChange(long seen, long millis) throws InterruptedException {
    if (version == seen && !closed) {
      wait(Math.max(1, millis));
    }
  }

  /** As {@link #awaitChange}, for the scheduler's own threads: an interrupt ends the wait early. */
  public void pause(long seen, long millis) {
    try {
      awaitChange(seen, millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
