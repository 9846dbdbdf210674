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
        "Compares the schema of every linked database (tables, columns, indexes, views, triggers, user_version) with the schema its fleet's migrations made, and the schema database with the schema recorded after its last migration (a change made to it outside sharedschema is reported as its own drift, not as every tenant's). Exit 0 when none drifts, 1 when one does or cannot be read.")
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Mixin SchemaDatabaseParameter schemaDb;

  @Option(
      names = "--json",
      description =
          "Print a JSON object: schemaDatabase, schemaDatabaseDrift (differences, or null), linked,"
              + " drifted (count of linked databases) and drift (path, differences); in a"
              + " scale-out fleet also nodes (tasks of the last job, last heartbeat).")
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
    Drift own = drift.stream().filter(Drift::schemaDatabase).findFirst().orElse(null);
    List<Drift> tenants = drift.stream().filter(d -> !d.schemaDatabase()).toList();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("schemaDatabase", schema);
      m.put("schemaDatabaseDrift", own == null ? null : own.differences());
      m.put("linked", linked);
      m.put("drifted", tenants.size());
      m.put("drift", tenants.stream().map(CheckCommand::toJson).toList());
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
      if (own != null) {
        out.println(
            "the schema database "
                + schema
                + " was changed outside sharedschema since its last migration:");
        own.differences().forEach(diff -> out.println("  - " + diff));
        out.println(
            "  (put it back, or send the change as a migration so that every linked database"
                + " gets it)");
      }
      for (Drift d : tenants) {
        out.println(d.database());
        for (String diff : d.differences()) {
          out.println("  - " + diff);
        }
      }
      out.println(
          tenants.size()
              + " of "
              + Units.count(linked, "linked database")
              + " drifted from the schema database "
              + schema
              + (own == null ? "" : ", which itself drifted"));
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
