package dev.sharedschema.cli;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.NodeRegistry;
import dev.sharedschema.scheduler.TaskState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sharedschema links SCHEMA_DB}: the linked databases with their state. */
@Command(
    name = "links",
    header = "Linked databases with their state.",
    description =
        "Lists the linked databases in path order with their size and state: linked; missing (the file is gone); or, while a job is unfinished, the database's task state in it (e.g. `job 3 Enqueued`).")
final class LinksCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Mixin SchemaDatabaseParameter schemaDb;

  @Option(
      names = "--json",
      description =
          "Print a JSON array of objects with path, exists, bytes, state, pendingJob and task (and"
              + " node, in a scale-out fleet: every node's links; exists and bytes only for this"
              + " node's files).")
  boolean json;

  /** One linked database as shown; {@code node} in a scale-out fleet, else null. */
  private record Row(
      String node, Path path, Long bytes, Long pendingJob, TaskState task, boolean here) {
    String state() {
      if (!here) {
        return pendingJob == null ? "linked" : "job " + pendingJob + " (see its node)";
      }
      if (bytes == null) {
        return "missing";
      }
      return pendingJob == null
          ? "linked"
          : "job " + pendingJob + " " + (task == null ? "no task" : task);
    }
  }

  @Override
  public Integer call() throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (SharedSchema s = schemaDb.open()) {
      Optional<JobSummary> head = s.headOfQueue();
      Map<Path, TaskState> tasks = head.isPresent() ? s.taskStates(head.get().id()) : Map.of();
      Long pending = head.map(JobSummary::id).orElse(null);
      List<NodeRegistry.NodeLink> everywhere = s.nodeLinks();
      if (everywhere.isEmpty()) {
        for (Path p : s.links()) {
          rows.add(new Row(null, p, size(p), pending, tasks.get(p), true));
        }
      } else {
        List<Path> mine = s.links();
        for (NodeRegistry.NodeLink l : everywhere) {
          Path p = Path.of(l.path());
          boolean here = mine.contains(p);
          rows.add(new Row(l.node(), p, here ? size(p) : null, pending, tasks.get(p), here));
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(rows.stream().map(LinksCommand::toJson).toList()));
    } else {
      int width = rows.stream().mapToInt(r -> r.path().toString().length()).max().orElse(4);
      boolean nodes = rows.stream().anyMatch(r -> r.node() != null);
      int nodeWidth =
          rows.stream().mapToInt(r -> r.node() == null ? 4 : r.node().length()).max().orElse(4);
      String format = (nodes ? "%-" + nodeWidth + "s  " : "%s") + "%-" + width + "s  %10s  %s%n";
      if (!rows.isEmpty()) {
        out.printf(format, nodes ? "NODE" : "", "PATH", "SIZE", "STATE");
      }
      for (Row r : rows) {
        String size = r.bytes() == null ? "-" : Units.bytes(r.bytes());
        out.printf(format, nodes ? r.node() : "", r.path(), size, r.state());
      }
      out.println(Units.count(rows.size(), "linked database"));
    }
    return 0;
  }

  private static Long size(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.size(p) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Map<String, Object> toJson(Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (r.node() != null) {
      m.put("node", r.node());
    }
    m.put("path", r.path());
    m.put("exists", r.here() ? r.bytes() != null : null);
    m.put("bytes", r.bytes());
    m.put("state", r.state());
    m.put("pendingJob", r.pendingJob());
    m.put("task", r.task());
    return m;
  }
}
