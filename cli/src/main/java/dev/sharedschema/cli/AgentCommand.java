package dev.sharedschema.cli;

import dev.sharedschema.scheduler.FleetNode;
import dev.sharedschema.scheduler.MigrationListener;
import dev.sharedschema.scheduler.NodeSettings;
import dev.sharedschema.scheduler.SchedulerOptions;
import dev.sharedschema.scheduler.TaskOutcome;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sharedschema agent --registry URL --node NAME}: a node of a scale-out fleet without an
 * application (DESIGN.md §10). Runs until stopped; SIGTERM or Ctrl-C stops it cleanly.
 */
@Command(
    name = "agent",
    header = "Run a node of a scale-out fleet without an application (until stopped).",
    description =
        "Does this node's share of every migration of the fleet whose registry is in PostgreSQL: claims the node's tasks in batches, applies them, records them, and heartbeats. Resumes unfinished work on start. SIGTERM (or Ctrl-C) stops it after the batch under way; its claims pass to the node's other JVMs. With --dir, makes the node's template there first if the node has none.")
final class AgentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Option(
      names = "--registry",
      required = true,
      paramLabel = "URL",
      description = "The fleet's registry (jdbc:postgresql://…).")
  String registry;

  @Option(
      names = "--node",
      paramLabel = "NAME",
      description = "This node's name (default: the host name).")
  String node;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where this node's template is made if it has none (its tenants' directory).")
  Path dir;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Worker threads applying tasks (default: 8).")
  Integer workers;

  @Override
  public Integer call() throws SQLException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    NodeSettings settings = new NodeSettings(registry, node, null);
    SchedulerOptions options = SchedulerOptions.DEFAULTS;
    if (workers != null) {
      options = options.withWorkers(workers);
    }
    if (dir != null && !Files.isDirectory(dir)) {
      throw new SQLException("--dir " + dir + " is not a directory; create it first", "58030");
    }
    FleetNode running = FleetNode.open(settings, options);
    AtomicLong applied = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    running.addListener(
        new MigrationListener() {
          @Override
          public void taskDone(long jobId, TaskOutcome o) {
            (o.failed() ? failed : applied).incrementAndGet();
          }
        });
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              running.close();
              out.println(
                  "node "
                      + settings.node()
                      + " stopped: "
                      + applied.get()
                      + " tasks done, "
                      + failed.get()
                      + " failed");
              out.flush();
              stopped.countDown();
            },
            "sharedschema-agent-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (dir != null) {
        out.println("template " + running.template(dir.toAbsolutePath()));
      }
      out.println(
          "node "
              + settings.node()
              + " of "
              + settings.shownUrl()
              + " is running ("
              + Units.count(running.registry().links().size(), "linked database")
              + " here); stop it with SIGTERM or Ctrl-C");
      out.flush();
    } catch (SQLException | RuntimeException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      running.close();
      throw e;
    }
    stopped.await();
    return 0;
  }
}
