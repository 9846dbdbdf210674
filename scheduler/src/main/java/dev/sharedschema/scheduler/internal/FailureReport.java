package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationFailedException;
import dev.sharedschema.scheduler.MigrationPausedException;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.TaskFailure;
import java.sql.SQLException;
import java.util.List;

/** Turns a failed or paused job into the exception its writer gets (DESIGN.md §4 "Errors"). */
public final class FailureReport {
  static final int SHOWN = 5;
  private static final int STATEMENT_CHARS = 200;

  private FailureReport() {}

  public static MigrationFailedException dryRunFailed(Registry registry, JobRecord job)
      throws SQLException {
    List<TaskFailure> failures = registry.failures(job.id(), SHOWN);
    String msg =
        head(job)
            + " failed its dry run; nothing was applied anywhere."
            + (job.error() == null ? "" : " " + capitalised(job.error()) + ".")
            + listing(registry, job, failures)
            + "\nFix what is named for each database (for a schema difference, compare them with"
            + " `sharedschema check "
            + registry.schemaDatabase()
            + "`; stop propagating to one with `sharedschema unlink "
            + registry.schemaDatabase()
            + " DB`), or change the migration, then send it again.";
    return new MigrationFailedException(msg, job.id(), failures, vendorCode(failures), null);
  }

  public static MigrationPausedException runFailed(Registry registry, JobRecord job)
      throws SQLException {
    List<TaskFailure> failures = registry.failures(job.id(), SHOWN);
    Object schema = registry.schemaDatabase();
    String msg =
        head(job)
            + " passed its dry run but failed while being applied, and is paused in RunFailure: "
            + (job.error() == null ? "" : job.error())
            + ". Databases that succeeded keep the change; the schema database "
            + schema
            + " gets it only when every linked database has it; later migrations wait."
            + listing(registry, job, failures)
            + "\nTo recover: fix the databases named, then `sharedschema retry "
            + schema
            + " "
            + job.id()
            + "` (or SharedSchema.retry("
            + job.id()
            + ")); or `sharedschema unlink "
            + schema
            + " DB` to stop propagating to a database. Either lets the job finish.";
    return new MigrationPausedException(msg, job.id(), failures, vendorCode(failures));
  }

  /** SQLite's result code of the first failure, kept as the vendor code of the exception. */
  private static int vendorCode(List<TaskFailure> failures) {
    return failures.isEmpty() ? 0 : failures.get(0).resultCode();
  }

  private static String head(JobRecord job) {
    return "migration job " + job.id() + " (" + job.summary() + ")";
  }

  /** One line per failing database (the first {@link #SHOWN}), then how many more. */
  private static String listing(Registry registry, JobRecord job, List<TaskFailure> failures)
      throws SQLException {
    Migration m = registry.migration(job.id());
    StringBuilder msg = new StringBuilder();
    list(msg, m, failures, failedCount(registry, job.id()));
    return msg.toString();
  }

  /** The failure of a migration on the schema database before any job was recorded. */
  public static MigrationFailedException schemaFailed(
      java.nio.file.Path schema, Migration m, SQLException e) {
    StringBuilder msg =
        new StringBuilder("migration failed on the schema database ")
            .append(schema)
            .append(" before any job was recorded; nothing was applied anywhere. ");
    int vendor = e.getErrorCode();
    if (e instanceof StatementFailedException f) {
      msg.append(describe(m, f.statement())).append(": ").append(f.getCause().getMessage());
      vendor = ((SQLException) f.getCause()).getErrorCode();
    } else {
      msg.append(e.getMessage());
    }
    return new MigrationFailedException(msg.toString(), 0, List.of(), vendor, e);
  }

  private static void list(StringBuilder msg, Migration m, List<TaskFailure> failures, int total) {
    for (TaskFailure f : failures) {
      msg.append("\n  - ").append(f.database()).append(": ");
      if (f.statement() > 0) {
        msg.append(describe(m, f.statement())).append(": ");
      }
      msg.append(f.error());
    }
    if (total > failures.size()) {
      msg.append("\n  … and ").append(total - failures.size()).append(" more");
    }
  }

  static String describe(Migration m, int statement) {
    String sql = statement <= m.statements().size() ? m.statements().get(statement - 1).sql() : "?";
    String one = sql.strip().replaceAll("\\s+", " ");
    if (one.length() > STATEMENT_CHARS) {
      one = one.substring(0, STATEMENT_CHARS) + "…";
    }
    return "statement " + statement + " (" + one + ")";
  }

  private static int failedCount(Registry registry, long jobId) throws SQLException {
    var counts = registry.taskCounts(jobId);
    int failed = 0;
    for (var s : dev.sharedschema.scheduler.TaskState.failed()) {
      failed += counts.getOrDefault(s, 0);
    }
    return failed;
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
