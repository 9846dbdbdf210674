package dev.sharedschema.cli;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.NodeStatus;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sharedschema jobs SCHEMA_DB}: the migration jobs, newest first. */
@Command(name = "jobs", header = "Jobs, newest first.")
final class JobsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Mixin SchemaDatabaseParameter schemaDb;

  @Option(
      names = "--json",
      description =
          "Print a JSON array of jobs (the fields of `job --json`, with \"nodes\" in a scale-out"
              + " fleet).")
  boolean json;

  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      description = "Show at most N jobs (default: all).")
  Integer limit;

  @Override
  public Integer call() throws SQLException {
    if (limit != null && limit < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--limit must be at least 1");
    }
    List<JobSummary> jobs;
    Map<Long, List<NodeStatus>> nodes = new HashMap<>();
    try (SharedSchema s = schemaDb.open()) {
      jobs = limit == null ? s.jobs() : s.jobs(limit);
      for (JobSummary j : jobs) {
        List<NodeStatus> n = s.nodes(j.id());
        if (!n.isEmpty()) {
          nodes.put(j.id(), n);
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (JobSummary j : jobs) {
        Map<String, Object> m = JobView.json(j);
        if (nodes.containsKey(j.id())) {
          m.put("nodes", NodeView.json(nodes.get(j.id())));
        }
        list.add(m);
      }
      out.println(Json.write(list));
      return 0;
    }
    if (jobs.isEmpty()) {
      out.println("no jobs yet");
      return 0;
    }
    out.printf(
        "%5s  %-13s  %-24s  %10s  %-30s  %s%n",
        "ID", "STATE", "SUBMITTED", "ELAPSED", "TASKS", "MIGRATION");
    for (JobSummary j : jobs) {
      out.printf(
          "%5d  %-13s  %-24s  %10s  %-30s  %s%n",
          j.id(),
          j.state(),
          j.submittedAt(),
          Units.duration(JobView.elapsed(j)),
          JobView.counts(j.tasks()),
          JobView.shortSummary(j.summary()));
      if (nodes.containsKey(j.id()) && !j.state().isTerminal()) {
        NodeView.print(out, "       ", nodes.get(j.id()));
      }
    }
    if (!jobs.isEmpty() && nodes.containsKey(jobs.get(0).id())) {
      out.println("nodes:");
      for (NodeStatus n : nodes.get(jobs.get(0).id())) {
        out.println("  " + n.node() + "  " + NodeView.heartbeat(n));
      }
    }
    return 0;
  }
}
