package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.NodeRegistry;
import dev.sharedschema.scheduler.NodeSettings;
import dev.sharedschema.scheduler.Registry;
import java.nio.file.Path;

/**
 * How the rows of a linked database name their fleet (DESIGN.md §7, §10): by the schema database's
 * path relative to the file where the schema database is on the same machine, by node where it is
 * not (with the registry id, which every row carries).
 */
public final class FleetMarks {
  private FleetMarks() {}

  /** The node mark for files of {@code registry}'s node, or null when they name a path. */
  public static String nodeMark(Registry registry) {
    if (registry instanceof NodeRegistry n && !n.isSchemaNode()) {
      return NodeSettings.NODE_MARK_PREFIX + n.node();
    }
    return null;
  }

  /** What {@code file}'s rows hold as the fleet's name. */
  public static String nameFor(Registry registry, Path file) {
    String mark = nodeMark(registry);
    return mark != null ? mark : AppliedTable.nameOf(registry.schemaDatabase(), file);
  }
}
