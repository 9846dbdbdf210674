package dev.sharedschema.cli;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
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
          "Print a JSON array of objects with path, exists, bytes, state, pendingJob and task.")
  boolean json;

  /** One linked database as shown. */
  private record Row(Path path, Long bytes, Long pendingJob, TaskState task) {
    String state() {
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
      for (Path p : s.links()) {
        rows.add(new Row(p, size(p), head.map(JobSummary::id).orElse(null), tasks.get(p)));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(rows.stream().map(LinksCommand::toJson).toList()));
    } else {
      int width = rows.stream().mapToInt(r -> r.path().toString().length()).max().orElse(4);
      if (!rows.isEmpty()) {
        out.printf("%-" + width + "s  %10s  %s%n", "PATH", "SIZE", "STATE");
      }
      for (Row r : rows) {
        String size = r.bytes() == null ? "-" : Units.bytes(r.bytes());
        out.printf("%-" + width + "s  %10s  %s%n", r.path(), size, r.state());
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
    m.put("path", r.path());
    m.put("exists", r.bytes() != null);
    m.put("bytes", r.bytes());
    m.put("state", r.state());
    m.put("pendingJob", r.pendingJob());
    m.put("task", r.task());
    return m;
  }
}
