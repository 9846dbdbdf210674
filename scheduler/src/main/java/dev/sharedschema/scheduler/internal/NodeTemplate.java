package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.CanonicalPath;
import dev.sharedschema.scheduler.FleetHistory;
import dev.sharedschema.scheduler.LinkRefusedException;
import dev.sharedschema.scheduler.NodeRegistry;
import dev.sharedschema.scheduler.SchemaFingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A node's template (DESIGN.md §10): a linked database of a node without the schema database, that
 * gets every migration like a tenant and is the copy source for new tenants there. Made once per
 * node, from the snapshot of the schema database the schema node publishes in the registry, in the
 * directory of the first tenant made there (or the agent's {@code --dir}).
 */
public final class NodeTemplate {
  /** The template's file name in its directory. */
  public static final String FILE = "sharedschema-template.db";

  private NodeTemplate() {}

  /**
   * Links a file that exists (the node's {@code Linker} does): passed in, so that this class does
   * not depend on the API class that uses it.
   */
  @FunctionalInterface
  public interface LinkExisting {
    void link(Connection c, Path file) throws SQLException;
  }

  /** The node's template, made (and linked) first if it has none or lost it. */
  public static Path ensure(NodeRegistry node, LinkExisting linker, Path directory, Clock clock)
      throws SQLException {
    Optional<Path> recorded = node.template();
    if (recorded.isPresent() && Files.isRegularFile(recorded.get())) {
      return recorded.get();
    }
    Path target = recorded.orElse(CanonicalPath.of(directory).resolve(FILE));
    if (!Files.exists(target)) {
      if (node.isLinked(target)) {
        node.unlink(target, clock.millis()); // lost with its disk: made again below
      }
      create(node, linker, target, clock.millis());
    } else if (!node.isLinked(target)) {
      try (Connection c = SqliteFiles.openExisting(target)) {
        linker.link(c, target);
      }
    }
    return node.recordTemplate(target, clock.millis());
  }

  private static void create(NodeRegistry node, LinkExisting linker, Path target, long now)
      throws SQLException {
    NodeRegistry.Snapshot snap =
        node.snapshot()
            .orElseThrow(
                () ->
                    new SQLException(
                        "the schema node "
                            + node.schemaNode()
                            + " has not published the schema database yet: start it (open the"
                            + " schema database with the registry key) before node "
                            + node.node(),
                        "55000"));
    FleetHistory h = node.history();
    String mark = FleetMarks.nodeMark(node);
    Path work = NewLinkedFiles.workFile(target);
    List<Path> published;
    try {
      Files.write(work, snap.file());
      published =
          NewLinkedFiles.create(
              work,
              List.of(target),
              (c, t) ->
                  Transactions.immediate(
                      c,
                      () -> {
                        AppliedTable.create(c);
                        AppliedTable.writeLink(c, node.id(), mark, now);
                        if (snap.job() > 0) {
                          AppliedTable.writeBaseline(
                              c, node.id(), snap.job(), h.token(snap.job()), mark, now);
                        }
                        return null;
                      }));
    } catch (IOException | UncheckedIOException e) {
      throw new LinkRefusedException(target, "cannot write the node's template: " + e);
    } finally {
      NewLinkedFiles.deleteQuietly(work);
    }
    if (published.isEmpty() || !node.addLinks(published, snap.job(), now)) {
      try (Connection c = SqliteFiles.openExisting(target)) {
        linker.link(c, target); // made by another JVM, or a job finished meanwhile
      }
    }
  }

  /**
   * The template's schema, with the fleet's history up to the last job the template holds, read
   * under its read lock: what an existing file linked on this node is compared with.
   */
  public static SchemaSnapshot schema(
      NodeRegistry node, LinkExisting linker, Path directory, BusyRetry retry, Clock clock)
      throws SQLException {
    Path template = ensure(node, linker, directory, clock);
    FleetHistory h = node.history();
    try (Connection c = SqliteFiles.openExisting(template)) {
      return retry.run(
          () ->
              Transactions.deferred(
                  c,
                  () -> {
                    SchemaFingerprint schema = SchemaFingerprint.read(c);
                    long last = 0;
                    for (AppliedTable.Row r : AppliedTable.rows(c, node.id())) {
                      last = r.isLink() ? last : Math.max(last, r.jobId());
                    }
                    List<Long> ids = h.between(0, last + 1);
                    return new SchemaSnapshot(
                        new FleetHistory(
                            ids.stream().mapToLong(Long::longValue).toArray(),
                            ids.stream().map(h::token).toArray(String[]::new),
                            0,
                            0),
                        null,
                        schema);
                  }));
    }
  }

  /** Copies {@code template} to {@code copy} under its read lock, so no task is half-applied. */
  public static void copy(Path template, Path copy, BusyRetry retry) throws SQLException {
    try (Connection c = SqliteFiles.openExisting(template)) {
      retry.run(
          () ->
              Transactions.deferred(
                  c,
                  () -> {
                    try (Statement st = c.createStatement()) {
                      st.executeQuery("SELECT count(*) FROM main.sqlite_master").close();
                    }
                    try {
                      Files.copy(template, copy);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                    return null;
                  }));
    }
  }
}
