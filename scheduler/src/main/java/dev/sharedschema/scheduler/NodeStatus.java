package dev.sharedschema.scheduler;

import java.util.Map;

/**
 * One node of a fleet spread over several machines, as the registry knows it (DESIGN.md §10).
 *
 * @param node its name
 * @param links files it owns
 * @param lastHeartbeat when one of its JVMs last said it is alive, epoch milliseconds, or 0 (never)
 * @param members JVMs of the node that heartbeated within the last minute
 * @param template its template's path (the copy source of new tenants there), or null
 * @param tasks its tasks of the job asked about, per state
 */
public record NodeStatus(
    String node,
    int links,
    long lastHeartbeat,
    int members,
    String template,
    Map<TaskState, Integer> tasks) {
  public NodeStatus {
    tasks = Map.copyOf(tasks);
  }
}
