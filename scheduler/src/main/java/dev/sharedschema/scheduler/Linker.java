package dev.sharedschema.scheduler;

import dev.sharedschema.scheduler.internal.AppliedTable;
import dev.sharedschema.scheduler.internal.SchemaStep;
import dev.sharedschema.scheduler.internal.SqliteFiles;
import dev.sharedschema.scheduler.internal.Transactions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Makes a database a linked database of a schema database (DESIGN.md §3, §6 rule 6). A missing file is
 * created as a copy of the schema database; an existing file is linked only when its schema equals the
 * schema database's.
 *
 * <p>Linking runs in one transaction on the schema database with its registry attached, begun
 * {@code IMMEDIATE}: no job can take its final step meanwhile (that needs the same write lock), so the
 * state copied or compared and the set of unfinished jobs the new database gets tasks for are one
 * consistent picture. A database linked while a job is in flight therefore gets that job exactly once.
 */
public final class Linker {
  private static final int DIFF_LINES_SHOWN = 10;

  private final Registry registry;
  private final Clock clock;

  public Linker(Registry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** The link recorded in the database open on {@code connection} (file {@code file}), if any. */
  public static Optional<LinkRecord> readLink(Connection connection, Path file) throws SQLException {
    return AppliedTable.readLink(connection, file);
  }

  /** Links {@code database}, creating it from the schema database if it does not exist. */
  public void link(Path database) throws SQLException {
    Path target = database.toAbsolutePath().normalize();
    if (target.equals(registry.schemaDatabase())) {
      throw new LinkRefusedException(target, "a schema database cannot be linked to itself.");
    }
    if (!Files.exists(target) && createFromSchema(target)) {
      return;
    }
    try (Connection c = SqliteFiles.openExisting(target)) {
      linkExisting(c, target);
    }
  }

  /** Links the database open on {@code connection} (whose file is {@code file}), if not yet linked. */
  public void linkExisting(Connection connection, Path file) throws SQLException {
    Optional<LinkRecord> existing = AppliedTable.readLink(connection, file);
    if (existing.isPresent()) {
      LinkRecord r = existing.get();
      if (!r.registryId().equals(registry.id())) {
        throw new LinkRefusedException(
            file,
            "it is already linked to the schema database " + r.schemaDatabase() + " (registry " + r.registryId()
                + "). A database has one schema database; unlink it there first.");
      }
      if (!registry.isLinked(file)) {
        register(file, schema -> {});
      }
      return;
    }
    register(file, schema -> {
      List<String> diff = SchemaFingerprint.read(connection).differencesFrom(SchemaFingerprint.read(schema));
      if (!diff.isEmpty()) {
        throw new LinkRefusedException(file, describe(diff));
      }
      AppliedTable.createWithLink(connection, file, registry, clock);
    });
  }

  /**
   * Copies the schema database (a file copy is several times faster than replaying DDL, and carries
   * page size, encoding, auto_vacuum and reference rows), marks the copy, and publishes it under
   * {@code target}. Returns false if another process created {@code target} first.
   */
  private boolean createFromSchema(Path target) throws SQLException {
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + System.nanoTime() + ".linking");
    try {
      register(target, schema -> {
        try {
          Files.copy(registry.schemaDatabase(), tmp);
          try (Connection c = SqliteFiles.openExisting(tmp)) {
            AppliedTable.createWithLink(c, target, registry, clock);
          }
          // A hard link fails if the target appeared meanwhile (a rename would silently replace it).
          Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException raced) {
          throw new Raced();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      return true;
    } catch (Raced raced) {
      return false;
    } catch (UncheckedIOException e) {
      throw new LinkRefusedException(target, "cannot create it from " + registry.schemaDatabase() + ": " + e.getCause());
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // A stray temp file is harmless; the next attempt uses a new name.
      }
    }
  }

  private interface UnderSchemaLock {
    void run(Connection schema) throws SQLException;
  }

  /** Runs {@code step}, then records the link and tasks for every unfinished job, in one transaction. */
  private void register(Path file, UnderSchemaLock step) throws SQLException {
    String alias = SchemaStep.REGISTRY_ALIAS;
    String path = SqliteFiles.portablePath(registry.schemaDatabase().getParent(), file);
    long now = clock.millis();
    try (Connection schema = SqliteFiles.openExisting(registry.schemaDatabase())) {
      try (PreparedStatement attach = schema.prepareStatement("ATTACH DATABASE ? AS " + alias)) {
        attach.setString(1, RegistryFile.pathFor(registry.schemaDatabase()).toString());
        attach.execute();
      }
      Transactions.immediate(schema, () -> {
        step.run(schema);
        try (PreparedStatement ps = schema.prepareStatement(
            "INSERT OR IGNORE INTO " + alias + "._sharedschema_links(path, linked_at) VALUES (?, ?)")) {
          ps.setString(1, path);
          ps.setLong(2, now);
          ps.executeUpdate();
        }
        try (PreparedStatement ps = schema.prepareStatement(
            "INSERT OR IGNORE INTO " + alias + "._sharedschema_tasks(job_id, path, state, updated_at)"
                + " SELECT id, ?, 'Enqueued', ? FROM " + alias + "._sharedschema_jobs"
                + " WHERE state NOT IN ('RunSuccess', 'DryRunFailure')")) {
          ps.setString(1, path);
          ps.setLong(2, now);
          if (ps.executeUpdate() > 0) {
            try (PreparedStatement count = schema.prepareStatement(
                "UPDATE " + alias + "._sharedschema_jobs SET task_count ="
                    + " (SELECT count(*) FROM " + alias + "._sharedschema_tasks t WHERE t.job_id = id)"
                    + " WHERE state NOT IN ('RunSuccess', 'DryRunFailure')")) {
              count.executeUpdate();
            }
          }
        }
        return null;
      });
    }
  }

  private String describe(List<String> diff) {
    StringBuilder msg = new StringBuilder("its schema differs from the schema database ")
        .append(registry.schemaDatabase()).append(" (").append(diff.size())
        .append(diff.size() == 1 ? " difference" : " differences").append("):");
    diff.stream().limit(DIFF_LINES_SHOWN).forEach(d -> msg.append("\n  - ").append(d));
    if (diff.size() > DIFF_LINES_SHOWN) {
      msg.append("\n  … and ").append(diff.size() - DIFF_LINES_SHOWN).append(" more");
    }
    return msg.append("\nBring its schema in line with the schema database, or link a new file (a missing file"
        + " is created as a copy of the schema database).").toString();
  }

  /**
   * Removes the link mark from an unlinked database's file (best effort: a missing or busy file keeps
   * it, and the registry no longer lists it either way), so that the file reads as a plain database and
   * linking it again goes through the schema comparison.
   */
  static void forgetLink(Path database, Registry registry) {
    Path file = database.toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      return;
    }
    try (Connection c = SqliteFiles.openExisting(file)) {
      AppliedTable.forgetLink(c, registry.id());
    } catch (SQLException e) {
      System.getLogger("dev.sharedschema.scheduler")
          .log(System.Logger.Level.WARNING, "could not clear the link mark of " + file + ": " + e.getMessage());
    }
  }

  /** Another process created the target file first. */
  private static final class Raced extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Raced() {
      super(null, null, false, false);
    }
  }
}
