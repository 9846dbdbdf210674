package dev.sharedschema.scheduler.internal;

/**
 * Named places between two durable steps of a job where tests inject a failure, to prove that
 * resuming from the registry applies every task exactly once wherever the work stopped. In
 * production the hook is a no-op.
 */
public final class FaultPoints {
  /** Called at each point with its name; may throw to simulate the process failing there. */
  public interface Hook {
    void at(String point);
  }

  /** What a test hook throws: never turned into a task's failure outcome. */
  public static final class FaultInjected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FaultInjected(String point) {
      super("injected fault at " + point);
    }
  }

  private static volatile Hook hook = point -> {};

  private FaultPoints() {}

  public static void install(Hook h) {
    hook = h;
  }

  public static void clear() {
    hook = point -> {};
  }

  static void at(String point) {
    hook.at(point);
  }
}
