package dev.sharedschema.cli;

import dev.sharedschema.driver.Drift;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.NodeStatus;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sharedschema check SCHEMA_DB}: schema drift of every linked database; exit 1 on drift. */
@Command(
    name = "check",
    header = "Drift of every linked database; exit 1 on drift.",
    description =
        "Compares the schema of every linked database (tables, columns, indexes, views, triggers, user_version) with the schema database's. Exit 0 when none drifts, 1 when one does or cannot be read.")
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Mixin SchemaDatabaseParameter schemaDb;

  @Option(
      names = "--json",
      description =
          "Print a JSON object: schemaDatabase, linked, drifted (count) and drift (path, differences);"
              + " in a scale-out fleet also nodes (tasks of the last job, last heartbeat).")
  boolean json;

  @Override
  public Integer call() throws SQLException {
    List<Drift> drift;
    int linked;
    String schema;
    List<NodeStatus> nodes;
    try (SharedSchema s = schemaDb.open()) {
      schema = s.schemaDatabase().toString();
      linked = s.links().size();
      drift = s.check();
      nodes = s.nodes(s.jobs(1).stream().findFirst().map(j -> j.id()).orElse(0L));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("schemaDatabase", schema);
      m.put("linked", linked);
      m.put("drifted", drift.size());
      m.put("drift", drift.stream().map(CheckCommand::toJson).toList());
      if (!nodes.isEmpty()) {
        m.put("nodes", NodeView.json(nodes));
      }
      out.println(Json.write(m));
    } else if (drift.isEmpty()) {
      out.println(
          "no drift: "
              + Units.count(linked, "linked database")
              + (linked == 1 ? " matches" : " match")
              + " the schema database "
              + schema);
    } else {
      for (Drift d : drift) {
        out.println(d.database());
        for (String diff : d.differences()) {
          out.println("  - " + diff);
        }
      }
      out.println(
          drift.size()
              + " of "
              + Units.count(linked, "linked database")
              + " drifted from the schema database "
              + schema);
    }
    if (!json && !nodes.isEmpty()) {
      out.println(
          "checked this node's files only; every node checks its own (`sharedschema check"
              + " <registry URL> --node NAME` there):");
      NodeView.print(out, "  ", nodes);
    }
    return drift.isEmpty() ? 0 : 1;
  }

  private static Map<String, Object> toJson(Drift d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", d.database());
    m.put("differences", d.differences());
    return m;
  }
}
