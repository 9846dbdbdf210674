package dev.sharedschema.scheduler;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs in a child JVM for {@link TwoJvmTest}: opens a scheduler on the schema database, submits one
 * migration, waits for it, and prints "done JOB_ID". With "hold" it then keeps running until
 * killed.
 */
public final class ChildScheduler {
  private ChildScheduler() {}

  public static void main(String[] args) throws Exception {
    Path schema = Path.of(args[0]);
    String sql = args[1];
    boolean hold = args.length > 2 && args[2].equals("hold");
    try (Scheduler s = Scheduler.open(schema, Fleet.fastOptions())) {
      MigrationResult r = s.migrate(Migration.of(sql), Duration.ofSeconds(60));
      System.out.println("done " + r.jobId());
      System.out.flush();
      if (hold) {
        Thread.sleep(Long.MAX_VALUE);
      }
    }
  }

  /** Starts this class in a new JVM with the test class path. */
  static Process start(String... args) throws java.io.IOException {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    java.util.List<String> cmd =
        new java.util.ArrayList<>(
            java.util.List.of(javaBin, "-cp", cp, ChildScheduler.class.getName()));
    cmd.addAll(java.util.List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }
}
