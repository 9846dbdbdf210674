package dev.sharedschema.driver.internal.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How reading or writing one table or view can reach others without naming them, read from a
 * schema: a view reads what its body names; a trigger on a table runs, whenever that table is
 * touched, what its body names; a foreign-key action on a parent writes the child tables that
 * reference it. Names are lower case. Conservative on purpose: a body that mentions a name anywhere
 * counts as reaching it, and every trigger of a table counts whatever its event.
 */
final class ReachGraph {
  /** One step: {@code to} is reached through {@code via} ("view v", "trigger tr (on t)"). */
  private record Edge(String to, String via) {}

  private static final String OBJECTS =
      "SELECT type, name, tbl_name, sql FROM main.sqlite_master"
          + " WHERE sql IS NOT NULL AND type IN ('table', 'view', 'trigger')"
          + " UNION ALL SELECT type, name, tbl_name, sql FROM temp.sqlite_master"
          + " WHERE sql IS NOT NULL AND type IN ('table', 'view', 'trigger')";

  private final Map<String, List<Edge>> edges = new HashMap<>();

  private ReachGraph() {}

  /** The graph of {@code c}'s main and temp schemas, as this connection sees them now. */
  static ReachGraph read(Connection c) throws SQLException {
    List<String[]> objects = new ArrayList<>();
    Set<String> names = new HashSet<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(OBJECTS)) {
      while (rs.next()) {
        String[] o = {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)};
        objects.add(o);
        if (!o[0].equals("trigger")) {
          names.add(lower(o[1]));
        }
      }
    }
    ReachGraph g = new ReachGraph();
    for (String[] o : objects) {
      Set<String> mentioned = SqlNames.of(o[3]);
      mentioned.retainAll(names);
      String name = lower(o[1]);
      switch (o[0]) {
        case "view" -> g.add(name, mentioned, "view " + o[1]);
        case "trigger" -> g.add(lower(o[2]), mentioned, "trigger " + o[1] + " (on " + o[2] + ")");
        default -> {
          if (SqlNames.of(o[3]).contains("references")) {
            for (String parent : mentioned) {
              g.add(parent, Set.of(name), "a foreign-key action on " + o[1]);
            }
          }
        }
      }
    }
    return g;
  }

  private void add(String from, Set<String> to, String via) {
    for (String t : to) {
      if (!t.equals(from)) {
        edges.computeIfAbsent(from, k -> new ArrayList<>()).add(new Edge(t, via));
      }
    }
  }

  /** True when {@code name} leads somewhere: only those can start an indirect read. */
  boolean leadsSomewhere(String name) {
    return edges.containsKey(name);
  }

  /**
   * The objects passed through on a shortest way from one of {@code from} to one of {@code
   * targets}, ending with the target's name; {@code null} when none is reachable.
   */
  List<String> path(Set<String> from, Set<String> targets) {
    Map<String, String> cameFrom = new HashMap<>();
    Map<String, String> via = new HashMap<>();
    ArrayDeque<String> todo = new ArrayDeque<>(from);
    Set<String> seen = new HashSet<>(from);
    while (!todo.isEmpty()) {
      String at = todo.poll();
      for (Edge e : edges.getOrDefault(at, List.of())) {
        if (!seen.add(e.to())) {
          continue;
        }
        cameFrom.put(e.to(), at);
        via.put(e.to(), e.via());
        if (targets.contains(e.to())) {
          LinkedList<String> out = new LinkedList<>(List.of(e.to()));
          for (String n = e.to(); cameFrom.containsKey(n); n = cameFrom.get(n)) {
            out.addFirst(via.get(n));
          }
          return out;
        }
        todo.add(e.to());
      }
    }
    return null;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
