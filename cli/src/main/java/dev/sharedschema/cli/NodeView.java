package dev.sharedschema.cli;

import dev.sharedschema.scheduler.NodeStatus;
import dev.sharedschema.scheduler.TaskState;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The nodes of a scale-out fleet (docs/scale-out.md) as text for people and as JSON. */
final class NodeView {
  private NodeView() {}

  /** One line per node: its tasks in the job, last heartbeat, running JVMs. */
  static void print(PrintWriter out, String indent, List<NodeStatus> nodes) {
    int width = nodes.stream().mapToInt(n -> n.node().length()).max().orElse(4);
    for (NodeStatus n : nodes) {
      out.printf(
          "%s%-" + width + "s  %-40s  %s%n",
          indent,
          n.node(),
          n.tasks().isEmpty()
              ? Units.count(n.links(), "linked database")
              : JobView.counts(n.tasks()),
          heartbeat(n));
    }
  }

  static String heartbeat(NodeStatus n) {
    if (n.lastHeartbeat() == 0) {
      return "never heartbeated";
    }
    Duration ago = Duration.between(Instant.ofEpochMilli(n.lastHeartbeat()), Instant.now());
    return "heartbeat "
        + Units.duration(ago.isNegative() ? Duration.ZERO : ago)
        + " ago, "
        + Units.count(n.members(), "JVM")
        + " running";
  }

  static List<Map<String, Object>> json(List<NodeStatus> nodes) {
    return nodes.stream().map(NodeView::json).toList();
  }

  private static Map<String, Object> json(NodeStatus n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", n.node());
    m.put("links", n.links());
    m.put("lastHeartbeat", n.lastHeartbeat() == 0 ? null : Instant.ofEpochMilli(n.lastHeartbeat()));
    m.put("members", n.members());
    m.put("template", n.template());
    Map<String, Object> tasks = new LinkedHashMap<>();
    for (TaskState s : TaskState.values()) {
      tasks.put(s.name(), n.tasks().getOrDefault(s, 0));
    }
    m.put("tasks", tasks);
    return m;
  }
}
