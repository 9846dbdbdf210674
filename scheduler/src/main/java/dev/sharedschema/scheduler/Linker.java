package dev.sharedschema.scheduler;

import dev.sharedschema.scheduler.internal.AppliedTable;
import dev.sharedschema.scheduler.internal.BusyRetry;
import dev.sharedschema.scheduler.internal.CatchUp;
import dev.sharedschema.scheduler.internal.CatchUpFailedException;
import dev.sharedschema.scheduler.internal.FleetMarks;
import dev.sharedschema.scheduler.internal.NewLinkedFiles;
import dev.sharedschema.scheduler.internal.NodeTemplate;
import dev.sharedschema.scheduler.internal.SchemaSnapshot;
import dev.sharedschema.scheduler.internal.SqliteFiles;
import dev.sharedschema.scheduler.internal.Standing;
import dev.sharedschema.scheduler.internal.Transactions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a database a linked database of a schema database (DESIGN.md §3, §6 rules 6–7, §7
 * "Identities"). Every path is taken by its canonical name. A missing file is created as a copy of
 * the schema database; an existing file that was never part of this fleet is linked only when its
 * schema equals the schema database's; a file that was (unlinked, restored from a backup, a copy of
 * a tenant) is caught up on the jobs it missed and linked again; a file of another fleet — even one
 * whose registry has the same id, because it is a copy — is refused.
 *
 * <p>A new file holds the fleet's state as of the last finished job when it was copied or compared
 * (its baseline); the registry records the link only if no job finished since, in the transaction
 * that also gives the file a task for every unfinished job, so a database linked while a job is in
 * flight gets that job exactly once. If one did finish, the file is caught up and recorded again.
 */
public final class Linker {
  private static final int DIFF_LINES_SHOWN = 10;
  private static final int ATTEMPTS = 10;

  /** A file as this JVM verified it: its canonical path and the inode it had then. */
  private record Verified(Path file, Object fileKey) {}

  /**
   * Files this JVM has seen linked, recorded in their registry and up to date. A linked URL opened
   * again skips the registry for them; any other file — or the same path holding another inode (a
   * file replaced or restored since) — is checked again first.
   */
  private static final Set<Verified> VERIFIED = ConcurrentHashMap.newKeySet();

  private final Registry registry;
  private final Clock clock;
  private final BusyRetry retry;
  private final CatchUp catchUp;

  public Linker(Registry registry, Clock clock) {
    this(registry, SchedulerOptions.DEFAULTS.withClock(clock));
  }

  public Linker(Registry registry, SchedulerOptions options) {
    this.registry = registry;
    this.clock = options.clock();
    this.retry = new BusyRetry(clock, options.busyTimeout());
    this.catchUp = new CatchUp(registry.id(), registry::migration, clock);
  }

  /** The link mark in the database open on {@code connection} (file {@code file}), if any. */
  public static Optional<LinkRecord> readLink(Connection connection, Path file)
      throws SQLException {
    return AppliedTable.readLink(connection, file);
  }

  /** True when this JVM already saw {@code file}, as it is now, linked and up to date. */
  public static boolean isVerified(Path file) {
    Path canonical = CanonicalPath.of(file);
    return VERIFIED.contains(new Verified(canonical, fileKey(canonical)));
  }

  /** Links {@code database}, creating it from the schema database if it does not exist. */
  public LinkOutcome link(Path database) throws SQLException {
    return linkAll(List.of(database)).get(0);
  }

  /**
   * Links every database in {@code databases} (in order; stopping at the first refused). The
   * missing ones are created together from one snapshot of the schema database and recorded with
   * one registry commit, so linking a thousand new databases costs a thousand file copies, not a
   * thousand registry commits.
   */
  public List<LinkOutcome> linkAll(List<Path> databases) throws SQLException {
    List<Path> missing = new ArrayList<>();
    List<Path> existing = new ArrayList<>();
    Set<Path> directories = new HashSet<>();
    for (Path database : databases) {
      Path target = CanonicalPath.of(database);
      checkLinkable(database, target);
      directories.add(target.getParent());
      if (missing.contains(target) || existing.contains(target)) {
        continue;
      }
      (Files.exists(target) ? existing : missing).add(target);
    }
    directories.add(registry.schemaDatabase().getParent());
    NewLinkedFiles.sweep(directories);
    List<LinkOutcome> out = new ArrayList<>();
    if (!missing.isEmpty()) {
      List<Path> published = createFromSchema(missing);
      for (Path p : published) {
        out.add(new LinkOutcome(p, LinkOutcome.How.CREATED, 0));
      }
      missing.stream().filter(p -> !published.contains(p)).forEach(existing::add);
    }
    for (Path target : existing) {
      try (Connection c = openToLink(target)) {
        out.add(linkExisting(c, target));
      }
    }
    return out;
  }

  private void checkLinkable(Path given, Path target) throws SQLException {
    if (target.equals(registry.schemaDatabase())) {
      throw new LinkRefusedException(target, "a schema database cannot be linked to itself.");
    }
    if (Files.isDirectory(target)) {
      throw new LinkRefusedException(
          target, "it is a directory; name the database file (e.g. " + target + "/tenant.db).");
    }
    if (Files.isSymbolicLink(target)) {
      throw new LinkRefusedException(
          given,
          "it is a symbolic link to "
              + readSymbolicLink(target)
              + ", which does not exist. Restore the file it points to, or remove the link.");
    }
    if (RegistryFile.existsFor(target)) {
      throw new LinkRefusedException(
          target,
          "it is a schema database itself (it has the registry "
              + RegistryFile.pathFor(target).getFileName()
              + "); a schema database is never linked to another.");
    }
    if (!Files.exists(target)) {
      if (registry.isLinked(target)) {
        throw new LinkRefusedException(target, MISSING_HINT + registry.schemaDatabase() + ".");
      }
      if (!Files.isDirectory(target.getParent())) {
        throw new LinkRefusedException(
            target,
            "the directory "
                + target.getParent()
                + " does not exist. Create it first; sharedschema creates database files, not"
                + " directories.");
      }
    }
  }

  private static Path readSymbolicLink(Path link) {
    try {
      return Files.readSymbolicLink(link);
    } catch (IOException e) {
      return link;
    }
  }

  /** Opens {@code target}, checking it is a database SQLite can read; the error names the file. */
  private static Connection openToLink(Path target) throws SQLException {
    Connection c = null;
    try {
      c = SqliteFiles.openExisting(target);
      AppliedTable.exists(c); // reads the header and schema: a non-database fails here
      return c;
    } catch (SQLException e) {
      if (c != null) {
        SqliteFiles.closeQuietly(c);
      }
      String hint =
          SqliteFiles.isNotADatabase(e)
              ? "it is not a SQLite database (or it is damaged)."
              : "SQLite cannot read it: " + e.getMessage();
      throw new LinkRefusedException(target, hint, e);
    }
  }

  /**
   * Copies one snapshot of the schema database to every target, marked with the snapshot's
   * baseline, and records them; if a job finished meanwhile they are caught up and recorded again.
   */
  private List<Path> createFromSchema(List<Path> targets) throws SQLException {
    if (FleetMarks.nodeMark(registry) != null) {
      return createFromTemplate((NodeRegistry) registry, targets);
    }
    Path copy = NewLinkedFiles.workFile(registry.schemaDatabase());
    try {
      SchemaSnapshot snap = SchemaSnapshot.copy(registry, retry, copy);
      FleetHistory h = snap.history();
      long head = h.head();
      long now = clock.millis();
      List<Path> published =
          NewLinkedFiles.create(
              copy,
              targets,
              (c, target) ->
                  Transactions.immediate(
                      c,
                      () -> {
                        String name = FleetMarks.nameFor(registry, target);
                        AppliedTable.create(c);
                        AppliedTable.writeLink(c, registry.id(), name, now);
                        if (head > 0) {
                          AppliedTable.writeBaseline(
                              c, registry.id(), head, h.token(head), name, now);
                        }
                        return null;
                      }));
      if (!published.isEmpty() && !registry.addLinks(published, head, clock.millis())) {
        for (Path p : published) {
          try (Connection c = openToLink(p)) {
            linkExisting(c, p); // a job finished after the copy: catch up, record again
          }
        }
      }
      return published;
    } catch (UncheckedIOException e) {
      throw new LinkRefusedException(
          targets.get(0),
          "cannot create it from " + registry.schemaDatabase() + ": " + e.getCause());
    } finally {
      try {
        Files.deleteIfExists(copy);
      } catch (IOException ignored) {
        // swept by the next link
      }
    }
  }

  /**
   * On a node without the schema database (DESIGN.md §10): copies the node's template, a linked
   * database of its own, under its read lock; each copy carries the template's rows, so linking it
   * is a catch-up of whatever the template lacked, and it gets the jobs in flight like any link.
   */
  private List<Path> createFromTemplate(NodeRegistry node, List<Path> targets) throws SQLException {
    Path template =
        NodeTemplate.ensure(node, this::linkExisting, targets.get(0).getParent(), clock);
    Path copy = NewLinkedFiles.workFile(template);
    try {
      NodeTemplate.copy(template, copy, retry);
      List<Path> published = NewLinkedFiles.create(copy, targets, (c, target) -> {});
      for (Path p : published) {
        try (Connection c = openToLink(p)) {
          linkExisting(c, p);
        }
      }
      return published;
    } catch (UncheckedIOException e) {
      throw new LinkRefusedException(
          targets.get(0), "cannot create it from the template " + template + ": " + e.getCause());
    } finally {
      try {
        Files.deleteIfExists(copy);
      } catch (IOException ignored) {
        // swept by the next link
      }
    }
  }

  /**
   * Links the database open on {@code connection} (whose file is {@code file}), or brings it up to
   * date if it is linked already.
   */
  public LinkOutcome linkExisting(Connection connection, Path file) throws SQLException {
    Path target = CanonicalPath.of(file);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      LinkOutcome done = tryLink(connection, target);
      if (done != null) {
        VERIFIED.add(new Verified(target, fileKey(target)));
        return done;
      }
    }
    throw new SQLException(
        "could not link " + target + ": jobs kept finishing while it was being linked", "40001");
  }

  /** One attempt; null when a job finished after the file's baseline (try again). */
  private LinkOutcome tryLink(Connection c, Path file) throws SQLException {
    Optional<LinkRecord> mark = AppliedTable.readLink(c, file);
    if (mark.isPresent() && !mark.get().registryId().equals(registry.id())) {
      throw new LinkRefusedException(
          file,
          "it is already linked to the schema database "
              + mark.get().schemaDatabase()
              + " (registry "
              + mark.get().registryId()
              + "). A database has one schema database; unlink it there first.");
    }
    List<AppliedTable.Row> rows = AppliedTable.rows(c, registry.id());
    boolean linkedHere = registry.isLinked(file);
    String name = FleetMarks.nameFor(registry, file);
    if (rows.isEmpty()) {
      return linkNew(c, file, name, linkedHere);
    }
    requireThisFleet(file, rows);
    FleetHistory h = registry.history();
    Optional<JobRecord> inFlight = registry.headOfQueue();
    long next = inFlight.map(JobRecord::id).orElse(h.head() + 1);
    String nextToken = inFlight.map(JobRecord::token).orElse(null);
    int before = applied(rows);
    Standing s;
    try {
      s = catchUp.run(c, h, next, nextToken, name);
    } catch (CatchUpFailedException e) {
      throw new LinkRefusedException(
          file,
          e.getMessage()
              + ". Nothing of that job was applied; fix what the error names in the file and link"
              + " it again.",
          e);
    }
    if (s.kind() == Standing.Kind.UNKNOWN_JOB) {
      throw new LinkRefusedException(
          file,
          "it holds job "
              + s.unknownJob()
              + ", which the registry of "
              + registry.schemaDatabase()
              + " does not know: the file was copied from another fleet, or the registry was"
              + " restored from an older backup. Restore the file from a backup taken with this"
              + " registry.");
    }
    int caughtUp = applied(AppliedTable.rows(c, registry.id())) - before;
    boolean markCurrent = rows.get(0).isLinkMark() && rows.get(0).schemaDb().equals(name);
    if (!markCurrent) {
      AppliedTable.writeLink(c, registry.id(), name, clock.millis());
    }
    if (linkedHere && markCurrent && caughtUp == 0) {
      return new LinkOutcome(file, LinkOutcome.How.ALREADY_LINKED, 0);
    }
    if (!registry.addLinks(List.of(file), h.head(), clock.millis())) {
      return null;
    }
    return new LinkOutcome(
        file, linkedHere ? LinkOutcome.How.ALREADY_LINKED : LinkOutcome.How.RELINKED, caughtUp);
  }

  /**
   * The finished jobs the database open on {@code c} lacks — it fell behind: restored from a
   * backup, or linked again after an unlink, without a migration since — in order; empty when it is
   * up to date or holds no record of this fleet. Reads only; {@link #link} catches it up.
   */
  public List<Long> missedJobs(Connection c) throws SQLException {
    List<AppliedTable.Row> rows = AppliedTable.rows(c, registry.id());
    if (rows.isEmpty()) {
      return List.of();
    }
    FleetHistory h = registry.history();
    Optional<JobRecord> inFlight = registry.headOfQueue();
    Standing s =
        Standing.of(
            rows,
            h,
            inFlight.map(JobRecord::id).orElse(h.head() + 1),
            inFlight.map(JobRecord::token).orElse(null));
    return s.kind() == Standing.Kind.BEHIND ? s.missing() : List.of();
  }

  /** A file never part of this fleet: linked when its schema equals the schema database's. */
  private LinkOutcome linkNew(Connection c, Path file, String name, boolean linkedHere)
      throws SQLException {
    SchemaSnapshot snap =
        FleetMarks.nodeMark(registry) != null
            ? NodeTemplate.schema(
                (NodeRegistry) registry, this::linkExisting, file.getParent(), retry, clock)
            : SchemaSnapshot.schema(registry, retry);
    List<String> diff = SchemaFingerprint.read(c).differencesFrom(snap.schema());
    if (!diff.isEmpty()) {
      throw new LinkRefusedException(
          file, describe(diff, linkedHere ? UNMARKED_HINT : NEW_FILE_HINT));
    }
    FleetHistory h = snap.history();
    long head = h.head();
    Transactions.immediate(
        c,
        () -> {
          AppliedTable.create(c);
          AppliedTable.writeLink(c, registry.id(), name, clock.millis());
          if (head > 0) {
            AppliedTable.writeBaseline(c, registry.id(), head, h.token(head), name, clock.millis());
          }
          return null;
        });
    if (!registry.addLinks(List.of(file), head, clock.millis())) {
      return null; // its baseline row makes the next attempt a catch-up
    }
    return new LinkOutcome(file, LinkOutcome.How.LINKED, 0);
  }

  /**
   * Refuses a file whose rows name another schema database that exists: a fleet whose registry has
   * the same id (a staging copy of schema and registry) never takes the original's files. A name
   * that resolves to nothing is a fleet that moved (or a mark from before names were relative): the
   * file is ours, and its mark is rewritten.
   */
  private void requireThisFleet(Path file, List<AppliedTable.Row> rows)
      throws LinkRefusedException {
    AppliedTable.Row named = rows.get(0).isLink() ? rows.get(0) : rows.get(rows.size() - 1);
    if (named.schemaDb().startsWith(NodeSettings.NODE_MARK_PREFIX)) {
      return; // a node of this registry: the fleet is its registry id, which the rows carry
    }
    Path other = AppliedTable.resolveName(file, named.schemaDb());
    if (!other.equals(registry.schemaDatabase()) && Files.exists(other)) {
      throw new LinkRefusedException(
          file,
          "it belongs to the fleet of the schema database "
              + other
              + ". "
              + registry.schemaDatabase()
              + " has the same registry id because it is a copy of that fleet, and a fleet never"
              + " links, migrates or registers another fleet's files. Link a copy of the file"
              + " made for this fleet instead.");
    }
  }

  private static int applied(List<AppliedTable.Row> rows) {
    return (int) rows.stream().filter(AppliedTable.Row::isApplied).count();
  }

  /**
   * A linked database whose file vanished is not created afresh: a new copy of the schema database
   * under its name would hide the loss of the tenant's data from everyone opening it.
   */
  private static final String MISSING_HINT =
      "it is a linked database but its file does not exist (deleted or moved after it was"
          + " linked); it is not created afresh, which would hide the loss of its data. Restore"
          + " the file, or unlink it first to start it anew as a copy of the schema database ";

  private static final String NEW_FILE_HINT =
      "Bring its schema in line with the schema database, or link a new file (a missing file is"
          + " created as a copy of the schema database).";

  private static final String UNMARKED_HINT =
      "The registry lists it, but the file carries no record of this fleet (it was replaced by"
          + " another file): restore the linked file from a backup, or bring its schema in line"
          + " with the schema database and link it again.";

  private String describe(List<String> diff, String hint) {
    StringBuilder msg =
        new StringBuilder("its schema differs from the schema database ")
            .append(registry.schemaDatabase())
            .append(" (")
            .append(diff.size())
            .append(diff.size() == 1 ? " difference" : " differences")
            .append("):");
    diff.stream().limit(DIFF_LINES_SHOWN).forEach(d -> msg.append("\n  - ").append(d));
    if (diff.size() > DIFF_LINES_SHOWN) {
      msg.append("\n  … and ").append(diff.size() - DIFF_LINES_SHOWN).append(" more");
    }
    return msg.append('\n').append(hint).toString();
  }

  /**
   * Removes the link mark from an unlinked database's file (best effort: a missing or busy file
   * keeps it, and the registry no longer lists it either way); its history rows stay, so linking it
   * again later catches it up on what it missed.
   */
  static void forgetLink(Path database, Registry registry) {
    Path file = CanonicalPath.of(database);
    VERIFIED.removeIf(v -> v.file().equals(file));
    if (!Files.isRegularFile(file)) {
      return;
    }
    try (Connection c = SqliteFiles.openExisting(file)) {
      AppliedTable.forgetLink(c, registry.id());
    } catch (SQLException e) {
      System.getLogger("dev.sharedschema.scheduler")
          .log(
              System.Logger.Level.WARNING,
              "could not clear the link mark of " + file + ": " + e.getMessage());
    }
  }

  private static Object fileKey(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }
}
