package dev.sharedschema.cli;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.NodeStatus;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sharedschema job SCHEMA_DB ID}: one job in detail. */
@Command(name = "job", header = "One job: state, counts per task state, timings, failures.")
final class JobCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Mixin SchemaDatabaseParameter schemaDb;

  @Parameters(index = "1", paramLabel = "ID", description = "The job id (see `jobs`).")
  long id;

  @Option(
      names = "--json",
      description =
          "Print the job as a JSON object (in a scale-out fleet with \"nodes\": per node its tasks,"
              + " last heartbeat and running JVMs).")
  boolean json;

  @Override
  public Integer call() throws SQLException {
    Optional<JobSummary> job;
    List<NodeStatus> nodes;
    try (SharedSchema s = schemaDb.open()) {
      job = s.job(id);
      nodes = s.nodes(id);
      if (job.isEmpty()) {
        throw new SQLException(
            "no job "
                + id
                + " in the registry of "
                + s.schemaDatabase()
                + " (see `sharedschema jobs`)",
            "02000");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = JobView.json(job.get());
      if (!nodes.isEmpty()) {
        m.put("nodes", NodeView.json(nodes));
      }
      out.println(Json.write(m));
    } else {
      JobView.printDetail(out, job.get());
      if (!nodes.isEmpty()) {
        out.println("  nodes");
        NodeView.print(out, "    ", nodes);
      }
    }
    return 0;
  }
}
