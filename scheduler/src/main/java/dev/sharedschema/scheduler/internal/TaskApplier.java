package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.FleetHistory;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
import dev.sharedschema.scheduler.internal.AppliedTable.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies one job to one linked database (DESIGN.md §6 rules 2 and 7). Dry run: begin, apply, roll
 * back — nothing durable. Run: begin, skip if {@code _sharedschema_applied} already holds this job
 * (by token), else apply and record it in the same transaction, commit. So a task is applied
 * exactly once even when its outcome never reached the registry. Both first check that the file is
 * this fleet's and up to date: one that lacks finished jobs is caught up first ({@link CatchUp}),
 * one that holds a job this registry does not know fails.
 *
 * <p>Both begin {@code EXCLUSIVE}, not {@code IMMEDIATE}: while a task held only the RESERVED lock,
 * the application's transactions on that database could still read, and SQLite fails a
 * transaction's first write at once with SQLITE_BUSY (its busy timeout does not apply) when it
 * already read and another connection holds RESERVED — the usual "load, then update" transaction
 * failed whenever it met a migration. Holding the file exclusively makes its first read wait within
 * its busy timeout instead. (In WAL mode EXCLUSIVE acts as IMMEDIATE: readers are never blocked.)
 */
public final class TaskApplier {
  private static final int CATCH_UP_ROUNDS = 3;

  /**
   * A job as its tasks see it, worked out once per step.
   *
   * @param history the jobs finished before it
   * @param mayAttach whether its statements may attach a database (then detached after each phase)
   */
  public record Job(
      long id, String token, Migration migration, FleetHistory history, boolean mayAttach) {

    public Job(long id, String token, Migration migration, FleetHistory history) {
      this(id, token, migration, history, MigrationApplier.mayAttach(migration));
    }
  }

  private final String registryId;
  private final Path schemaDatabase;
  private final Clock clock;
  private final BusyRetry retry;
  private final FaultHooks faults;
  private final CatchUp catchUp;
  private final Map<Path, String> schemaNames = new ConcurrentHashMap<>();
  private final String nodeMark;

  public TaskApplier(
      String registryId,
      Path schemaDatabase,
      Clock clock,
      BusyRetry retry,
      FaultHooks faults,
      CatchUp catchUp) {
    this(registryId, schemaDatabase, null, clock, retry, faults, catchUp);
  }

  /**
   * @param nodeMark how rows name the fleet on a node without the schema database ({@link
   *     FleetMarks}), or null: by the schema database's path relative to each file
   */
  public TaskApplier(
      String registryId,
      Path schemaDatabase,
      String nodeMark,
      Clock clock,
      BusyRetry retry,
      FaultHooks faults,
      CatchUp catchUp) {
    this.registryId = registryId;
    this.schemaDatabase = schemaDatabase;
    this.nodeMark = nodeMark;
    this.clock = clock;
    this.retry = retry;
    this.faults = faults;
    this.catchUp = catchUp;
  }

  /**
   * Dry run of {@code job} on {@code db}. On success the connection is offered to {@code carry} for
   * the run, so the database is opened once per migration when there is room.
   *
   * @param proof the {@linkplain SchemaText schema text} the schema database passed this
   *     (schema-determined) migration's dry run on, or null: an up-to-date database with exactly
   *     that schema, whose file and directory are writable and whose write lock can be taken,
   *     passes without applying and rolling back; any other database, or any doubt, gets the full
   *     dry run
   */
  public TaskOutcome dryRun(
      TaskRef task, TaskState from, Path db, Job job, CarriedConnections carry, String proof) {
    Migration m = job.migration();
    return attempt(
        task,
        from,
        db,
        TaskState.DryRunSuccess,
        TaskState.DryRunFailure,
        null,
        carry,
        job.mayAttach(),
        c -> {
          if (proof != null && provenBy(proof, c, db, job)) {
            return;
          }
          boolean reset = false;
          for (int round = 0; ; round++) {
            MigrationApplier.setSessionPragmas(c, m, reset);
            Standing s =
                Transactions.rolledBack(
                    c,
                    true,
                    () -> {
                      Standing found = standing(c, db, job, false);
                      if (found.kind() == Standing.Kind.CURRENT) {
                        MigrationApplier.applyToLinked(c, m);
                      }
                      return found;
                    });
            if (!catchUpIfBehind(s, c, db, job, round)) {
              return;
            }
            reset = true;
          }
        });
  }

  /** Run of {@code job} on {@code db}, on the dry run's connection when it was carried. */
  public TaskOutcome run(TaskRef task, TaskState from, Path db, Job job, CarriedConnections carry) {
    Migration m = job.migration();
    return attempt(
        task,
        from,
        db,
        TaskState.RunSuccess,
        TaskState.RunFailure,
        carry,
        null,
        job.mayAttach(),
        c -> {
          boolean reset = false;
          for (int round = 0; ; round++) {
            MigrationApplier.setSessionPragmas(c, m, reset);
            Standing s =
                Transactions.exclusive(
                    c,
                    () -> {
                      Standing found = standing(c, db, job, true);
                      if (found.kind() == Standing.Kind.CURRENT) {
                        MigrationApplier.applyToLinked(c, m);
                        AppliedTable.recordApplied(
                            c, registryId, job.id(), job.token(), schemaName(db), clock.millis());
                      }
                      return found;
                    });
            if (!catchUpIfBehind(s, c, db, job, round)) {
              break;
            }
            reset = true;
          }
          faults.at("task committed");
        });
  }

  /**
   * Acts on {@code s}: true when the database was behind and has been caught up (try again), false
   * when the job is done with it (applied, or held already); throws when it holds an unknown job.
   */
  private boolean catchUpIfBehind(Standing s, Connection c, Path db, Job job, int round)
      throws SQLException {
    switch (s.kind()) {
      case HOLDS_JOB, CURRENT -> {
        return false;
      }
      case UNKNOWN_JOB -> throw unknownJob(db, s.unknownJob());
      default -> {
        if (round >= CATCH_UP_ROUNDS) {
          throw new SQLException(db + " kept falling behind while it was being caught up");
        }
        Standing after = catchUp.run(c, job.history(), job.id(), job.token(), schemaName(db));
        if (after.kind() == Standing.Kind.UNKNOWN_JOB) {
          throw unknownJob(db, after.unknownJob());
        }
        return true;
      }
    }
  }

  /**
   * Where {@code db} stands against the fleet, read inside the caller's transaction: linked here
   * (its mark names this schema database — rewritten in the run when it names it another way, e.g.
   * an absolute path from before marks were relative, or a schema database that moved), and up to
   * date. The common case is one indexed read.
   */
  private Standing standing(Connection c, Path db, Job job, boolean rewriteMark)
      throws SQLException {
    List<Row> linkAndLast;
    try {
      linkAndLast = AppliedTable.linkAndLast(c, registryId);
    } catch (SQLException e) {
      // Only a missing table (or one of that name but another shape) means "not ours"; a busy,
      // unreadable or corrupt file keeps its own SQLite error, which says what is wrong with it.
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("no such table") || msg.contains("no such column")) {
        throw notLinked(db);
      }
      throw e;
    }
    if (linkAndLast.isEmpty() || !linkAndLast.get(0).isLinkMark()) {
      throw notLinked(db);
    }
    String expected = schemaName(db);
    String named = linkAndLast.get(0).schemaDb();
    if (!named.equals(expected)) {
      Path other = AppliedTable.resolve(db, named);
      if (!other.equals(schemaDatabase) && Files.exists(other)) {
        throw foreign(db, other);
      }
      if (rewriteMark) {
        AppliedTable.writeLink(c, registryId, expected, clock.millis());
      }
    }
    Row last = linkAndLast.size() > 1 ? linkAndLast.get(1) : null;
    FleetHistory h = job.history();
    Standing s = Standing.quick(last, h, job.id(), job.token());
    return s != null ? s : Standing.of(AppliedTable.rows(c, registryId), h, job.id(), job.token());
  }

  /** How rows in {@code db} name the schema database: relative to the file's directory. */
  private String schemaName(Path db) {
    if (nodeMark != null) {
      return nodeMark;
    }
    return schemaNames.computeIfAbsent(
        db.toAbsolutePath().getParent(), dir -> dir.relativize(schemaDatabase).toString());
  }

  /**
   * True when {@code db} is linked here and up to date, has exactly the schema text {@code proof}
   * and could be written now: file and directory writable (the run creates a journal beside it),
   * write lock obtainable. Link, position and schema are read in one transaction. A busy lock is
   * thrown for the retry; every other doubt answers false, and the full dry run then names the
   * actual problem.
   */
  private boolean provenBy(String proof, Connection c, Path db, Job job) throws SQLException {
    if (!Files.isWritable(db) || !Files.isWritable(db.toAbsolutePath().getParent())) {
      return false;
    }
    try {
      // The link, the last row and the schema are read under the write lock the run will take:
      // one lock cycle instead of one per statement (each statement's schema check and step would
      // take and drop a read lock of its own; syscalls counted with strace: docs/benchmarks.md).
      return Transactions.rolledBack(c, true, () -> readsAsProven(proof, c, db, job));
    } catch (SQLException e) {
      if (BusyRetry.isBusy(e)) {
        throw e;
      }
      Transactions.rollbackQuietly(c);
      return false;
    }
  }

  /**
   * The proof's reads, inside the caller's transaction: link and position first (one indexed read),
   * the schema only when those hold.
   */
  private boolean readsAsProven(String proof, Connection c, Path db, Job job) throws SQLException {
    List<Row> linkAndLast = AppliedTable.linkAndLast(c, registryId);
    if (linkAndLast.isEmpty()
        || !linkAndLast.get(0).isLinkMark()
        || !schemaName(db).equals(linkAndLast.get(0).schemaDb())) {
      return false;
    }
    Row last = linkAndLast.size() > 1 ? linkAndLast.get(1) : null;
    Standing s = Standing.quick(last, job.history(), job.id(), job.token());
    if (s == Standing.HOLDS) {
      return true;
    }
    return s == Standing.CURRENT && SchemaText.isTextOf(c, proof);
  }

  private interface Step {
    void apply(Connection c) throws SQLException;
  }

  /**
   * Applies {@code step} to {@code db} with busy retries, on a connection taken from {@code from}
   * or opened; afterwards the connection goes to {@code keepIn} if the step succeeded and there is
   * room, else it is closed. A connection that saw a failure is never kept.
   */
  private TaskOutcome attempt(
      TaskRef task,
      TaskState fromState,
      Path db,
      TaskState success,
      TaskState failure,
      CarriedConnections from,
      CarriedConnections keepIn,
      boolean mayAttach,
      Step step) {
    if (!Files.isRegularFile(db)) {
      return new TaskOutcome(
          task,
          fromState,
          failure,
          0,
          "database file "
              + db
              + " does not exist (deleted or moved after it was linked; it is not recreated,"
              + " that would lose its data): restore it, or unlink it",
          TaskErrors.SQLITE_CANTOPEN);
    }
    Connection[] c = {from == null ? null : from.take(db)};
    boolean kept = false;
    try {
      retry.run(
          () -> {
            if (c[0] == null) {
              c[0] = SqliteFiles.openTask(db);
            }
            faults.opened(db, c[0]);
            step.apply(c[0]);
            return null;
          });
      if (mayAttach) {
        MigrationApplier.detachAll(c[0]);
      }
      kept = keepIn != null && keepIn.offer(db, c[0]);
      return new TaskOutcome(task, fromState, success, 0, null, 0);
    } catch (StatementFailedException e) {
      SQLException cause = (SQLException) e.getCause();
      return new TaskOutcome(
          task,
          fromState,
          failure,
          e.statement(),
          TaskErrors.describe(cause, retry.timeout()),
          cause.getErrorCode());
    } catch (SQLException e) {
      return new TaskOutcome(
          task, fromState, failure, 0, TaskErrors.describe(e, retry.timeout()), e.getErrorCode());
    } catch (FaultHooks.FaultInjected e) {
      throw e;
    } catch (RuntimeException e) {
      return new TaskOutcome(task, fromState, failure, 0, e.toString(), 0);
    } finally {
      if (!kept && c[0] != null) {
        SqliteFiles.closeQuietly(c[0]);
      }
    }
  }

  private SQLException notLinked(Path db) {
    return new SQLException(
        db
            + " is not linked to "
            + schemaDatabase
            + " (its _sharedschema_applied is missing or names"
            + " another registry); unlink it, or restore the linked file");
  }

  private SQLException foreign(Path db, Path other) {
    return new SQLException(
        db
            + " belongs to the fleet of the schema database "
            + other
            + ", not to "
            + schemaDatabase
            + " (whose registry has the same id: it is a copy of that fleet). sharedschema never"
            + " migrates another fleet's file: unlink it from "
            + schemaDatabase);
  }

  private SQLException unknownJob(Path db, long job) {
    return new SQLException(
        db
            + " holds job "
            + job
            + ", which the registry of "
            + schemaDatabase
            + " does not know (another job has that id, or none): the registry was restored from"
            + " an older backup, or the file was copied from another fleet. Restore the file from"
            + " a backup taken with this registry, or unlink it; nothing was applied to it");
  }
}
