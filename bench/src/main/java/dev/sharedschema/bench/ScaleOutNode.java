package dev.sharedschema.bench;

import dev.sharedschema.scheduler.FleetNode;
import dev.sharedschema.scheduler.MigrationListener;
import dev.sharedschema.scheduler.NodeSettings;
import dev.sharedschema.scheduler.SchedulerOptions;
import dev.sharedschema.scheduler.TaskOutcome;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's JVM for {@link ScaleOutFanOut} and {@link ScaleOutDemo}: a {@link FleetNode} that does
 * its node's share of every job, prints {@code ready}, and a line {@code done N} per hundred tasks,
 * until its standard input closes (or it is killed).
 *
 * <p>Arguments: registry URL, node name, worker threads.
 */
public final class ScaleOutNode {
  private ScaleOutNode() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    NodeSettings settings = new NodeSettings(args[0], args[1], null);
    try (FleetNode node =
        FleetNode.open(
            settings, SchedulerOptions.DEFAULTS.withWorkers(Integer.parseInt(args[2])))) {
      AtomicLong done = new AtomicLong();
      node.addListener(
          new MigrationListener() {
            @Override
            public void taskDone(long jobId, TaskOutcome o) {
              if (done.incrementAndGet() % 100 == 0) {
                out.println("done " + done.get());
              }
            }
          });
      out.println("ready");
      while (System.in.read() >= 0) {
        // runs until the parent closes our standard input
      }
    }
  }
}
