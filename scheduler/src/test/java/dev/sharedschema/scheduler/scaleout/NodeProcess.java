package dev.sharedschema.scheduler.scaleout;

import dev.sharedschema.scheduler.FleetNode;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.MigrationListener;
import dev.sharedschema.scheduler.NodeSettings;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.SchedulerOptions;
import dev.sharedschema.scheduler.TaskOutcome;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One JVM of a node in {@link MultiNodeTest}: with a schema database, a scheduler of the schema
 * node (it may coordinate); without, a {@link FleetNode}. Prints a line per local task outcome and
 * per change of who holds the lease, and runs until it is killed.
 *
 * <p>Arguments: registry URL, node name, [schema database].
 */
public final class NodeProcess {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  private NodeProcess() {}

  static SchedulerOptions options() {
    return SchedulerOptions.DEFAULTS
        .withBusyTimeout(Duration.ofSeconds(20))
        .withLeaseTtl(Duration.ofMillis(800))
        .withBatchSize(16)
        .withWorkers(2);
  }

  public static void main(String[] args) throws Exception {
    NodeSettings settings = new NodeSettings(args[0], args[1], null);
    MigrationListener listener =
        new MigrationListener() {
          @Override
          public void taskDone(long jobId, TaskOutcome o) {
            OUT.println("task " + jobId + " " + o.state());
          }

          @Override
          public void jobState(long jobId, JobState state) {
            OUT.println("state " + jobId + " " + state);
          }
        };
    if (args.length > 2) {
      try (Scheduler s =
          Scheduler.open(Path.of(args[2]), options().withRegistry(settings.provider()))) {
        s.addListener(listener);
        OUT.println("started");
        boolean held = false;
        while (true) {
          if (s.holdsLease() != held) {
            held = !held;
            OUT.println(held ? "lease held" : "lease gone");
          }
          Thread.sleep(20);
        }
      }
    }
    try (FleetNode node = FleetNode.open(settings, options())) {
      node.addListener(listener);
      OUT.println("started");
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
