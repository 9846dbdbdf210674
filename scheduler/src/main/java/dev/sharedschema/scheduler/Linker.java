package dev.sharedschema.scheduler;

import dev.sharedschema.scheduler.internal.AppliedTable;
import dev.sharedschema.scheduler.internal.SchemaStep;
import dev.sharedschema.scheduler.internal.SqliteFiles;
import dev.sharedschema.scheduler.internal.Transactions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a database a linked database of a schema database (DESIGN.md §3, §6 rule 6). A missing file
 * is created as a copy of the schema database; an existing file is linked only when its schema
 * equals the schema database's.
 *
 * <p>Linking runs in one transaction on the schema database with its registry attached, begun
 * {@code IMMEDIATE}: no job can take its final step meanwhile (that needs the same write lock), so
 * the state copied or compared and the set of unfinished jobs the new database gets tasks for are
 * one consistent picture. A database linked while a job is in flight therefore gets that job
 * exactly once.
 */
public final class Linker {
  private static final int DIFF_LINES_SHOWN = 10;

  /**
   * Files this JVM has seen both marked as linked and recorded in their registry. A linked URL
   * opened again skips the registry for them; any other marked file is checked against the registry
   * first, so a file whose link was interrupted is never used as if it were linked.
   */
  private static final Set<Path> VERIFIED = ConcurrentHashMap.newKeySet();

  private final Registry registry;
  private final Clock clock;

  public Linker(Registry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** The link recorded in the database open on {@code connection} (file {@code file}), if any. */
  public static Optional<LinkRecord> readLink(Connection connection, Path file)
      throws SQLException {
    return AppliedTable.readLink(connection, file);
  }

  /** Links {@code database}, creating it from the schema database if it does not exist. */
  public void link(Path database) throws SQLException {
    linkAll(List.of(database));
  }

  /**
   * Links every database in {@code databases}. The missing ones are created together, under one
   * hold of the schema database's write lock and with one registry commit, so linking a thousand
   * new databases costs a thousand file copies, not a thousand registry commits.
   */
  public void linkAll(List<Path> databases) throws SQLException {
    List<Path> missing = new ArrayList<>();
    List<Path> existing = new ArrayList<>();
    for (Path database : databases) {
      Path target = database.toAbsolutePath().normalize();
      if (target.equals(registry.schemaDatabase())) {
        throw new LinkRefusedException(target, "a schema database cannot be linked to itself.");
      }
      if (Files.exists(target)) {
        existing.add(target);
      } else if (registry.isLinked(target)) {
        throw new LinkRefusedException(target, MISSING_HINT + registry.schemaDatabase() + ".");
      } else if (!Files.isDirectory(target.getParent())) {
        throw new LinkRefusedException(
            target,
            "the directory "
                + target.getParent()
                + " does not exist. Create it first; sharedschema creates database files, not"
                + " directories.");
      } else {
        missing.add(target);
      }
    }
    if (!missing.isEmpty()) {
      existing.addAll(createFromSchema(missing));
    }
    for (Path target : existing) {
      try (Connection c = SqliteFiles.openExisting(target)) {
        linkExisting(c, target);
      }
    }
  }

  /** True when this JVM already saw {@code file} linked and recorded in its registry. */
  public static boolean isVerified(Path file) {
    return VERIFIED.contains(file.toAbsolutePath().normalize());
  }

  /**
   * Links the database open on {@code connection} (whose file is {@code file}), if not yet linked.
   */
  public void linkExisting(Connection connection, Path file) throws SQLException {
    linkExistingUnverified(connection, file);
    VERIFIED.add(file.toAbsolutePath().normalize());
  }

  private void linkExistingUnverified(Connection connection, Path file) throws SQLException {
    Optional<LinkRecord> existing = AppliedTable.readLink(connection, file);
    if (existing.isPresent()) {
      LinkRecord r = existing.get();
      if (!r.registryId().equals(registry.id())) {
        throw new LinkRefusedException(
            file,
            "it is already linked to the schema database "
                + r.schemaDatabase()
                + " (registry "
                + r.registryId()
                + "). A database has one schema database; unlink it there first.");
      }
      if (!registry.isLinked(file)) {
        // Marked as ours but never recorded: a link interrupted by a crash (or an unlink whose
        // mark could not be cleared). Its schema is from when it was made: check it like any file.
        register(file, schema -> requireSameSchema(connection, schema, file, INTERRUPTED_HINT));
      }
      return;
    }
    register(
        file,
        schema -> {
          requireSameSchema(connection, schema, file, NEW_FILE_HINT);
          AppliedTable.createWithLink(connection, file, registry, clock);
        });
  }

  /**
   * Copies the schema database once per target (a file copy is several times faster than replaying
   * DDL, and carries page size, encoding, auto_vacuum and reference rows), marks each copy, makes
   * it durable with one fsync, and publishes it under its name. Returns the targets another process
   * created first (to be linked as existing files).
   */
  private List<Path> createFromSchema(List<Path> targets) throws SQLException {
    List<Path> raced = new ArrayList<>();
    List<Path> temps = new ArrayList<>();
    try {
      register(
          targets,
          raced,
          schema -> {
            for (Path target : targets) {
              Path tmp =
                  target.resolveSibling(
                      "." + target.getFileName() + "." + System.nanoTime() + ".linking");
              temps.add(tmp);
              try {
                Files.copy(registry.schemaDatabase(), tmp);
                // A private file nobody sees yet: no journal, no syncs; one fsync below makes it
                // durable.
                try (Connection c = SqliteFiles.openScratch(tmp)) {
                  AppliedTable.createWithLink(c, target, registry, clock);
                }
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                  ch.force(true);
                }
                // A hard link fails if the target appeared meanwhile (a rename would silently
                // replace it).
                Files.createLink(target, tmp);
              } catch (FileAlreadyExistsException e) {
                raced.add(target);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
            syncDirectories(targets);
          });
      return raced;
    } catch (UncheckedIOException e) {
      throw new LinkRefusedException(
          targets.get(0),
          "cannot create it from " + registry.schemaDatabase() + ": " + e.getCause());
    } finally {
      for (Path tmp : temps) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // A stray temp file is harmless; the next attempt uses a new name.
        }
      }
    }
  }

  /** Makes the new directory entries durable before the registry says the files are linked. */
  private static void syncDirectories(List<Path> targets) {
    for (Path dir : targets.stream().map(Path::getParent).distinct().toList()) {
      try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
        ch.force(true);
      } catch (IOException e) {
        // Some file systems cannot sync a directory; the file itself is synced.
      }
    }
  }

  private interface UnderSchemaLock {
    void run(Connection schema) throws SQLException;
  }

  /**
   * Runs {@code step}, then records the link and tasks for every unfinished job, in one
   * transaction.
   */
  private void register(Path file, UnderSchemaLock step) throws SQLException {
    register(List.of(file), List.of(), step);
  }

  /**
   * As above for several files; those in {@code skip} (filled by {@code step}) are not recorded.
   */
  private void register(List<Path> files, List<Path> skip, UnderSchemaLock step)
      throws SQLException {
    String alias = SchemaStep.REGISTRY_ALIAS;
    long now = clock.millis();
    try (Connection schema = SqliteFiles.openExisting(registry.schemaDatabase())) {
      try (PreparedStatement attach = schema.prepareStatement("ATTACH DATABASE ? AS " + alias)) {
        attach.setString(1, RegistryFile.pathFor(registry.schemaDatabase()).toString());
        attach.execute();
      }
      Transactions.immediate(
          schema,
          () -> {
            step.run(schema);
            boolean tasksAdded = false;
            try (PreparedStatement link =
                    schema.prepareStatement(
                        "INSERT OR IGNORE INTO "
                            + alias
                            + "._sharedschema_links(path, linked_at) VALUES (?, ?)");
                PreparedStatement tasks =
                    schema.prepareStatement(
                        "INSERT OR IGNORE INTO "
                            + alias
                            + "._sharedschema_tasks(job_id, path, state, updated_at)"
                            + " SELECT id, ?, 'Enqueued', ? FROM "
                            + alias
                            + "._sharedschema_jobs"
                            + " WHERE state NOT IN ('RunSuccess', 'DryRunFailure')")) {
              for (Path file : files) {
                if (skip.contains(file)) {
                  continue;
                }
                String path = SqliteFiles.portablePath(registry.schemaDatabase().getParent(), file);
                link.setString(1, path);
                link.setLong(2, now);
                link.executeUpdate();
                tasks.setString(1, path);
                tasks.setLong(2, now);
                tasksAdded |= tasks.executeUpdate() > 0;
              }
            }
            if (tasksAdded) {
              try (PreparedStatement count =
                  schema.prepareStatement(
                      "UPDATE "
                          + alias
                          + "._sharedschema_jobs SET task_count ="
                          + " (SELECT count(*) FROM "
                          + alias
                          + "._sharedschema_tasks t WHERE t.job_id = id)"
                          + " WHERE state NOT IN ('RunSuccess', 'DryRunFailure')")) {
                count.executeUpdate();
              }
            }
            return null;
          });
    }
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
  private static final String INTERRUPTED_HINT =
      "It was made by a link that did not finish and has missed migrations since; delete it and"
          + " link it again to have it created afresh.";

  private void requireSameSchema(Connection file, Connection schema, Path path, String hint)
      throws SQLException {
    List<String> diff =
        SchemaFingerprint.read(file).differencesFrom(SchemaFingerprint.read(schema));
    if (!diff.isEmpty()) {
      throw new LinkRefusedException(path, describe(diff, hint));
    }
  }

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
   * keeps it, and the registry no longer lists it either way), so that the file reads as a plain
   * database and linking it again goes through the schema comparison.
   */
  static void forgetLink(Path database, Registry registry) {
    Path file = database.toAbsolutePath().normalize();
    VERIFIED.remove(file);
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
}
