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
    Migration m = registry.migration(job.id());
    List<TaskFailure> failures = registry.failures(job.id(), SHOWN);
    int total = failedCount(registry, job.id());
    StringBuilder msg =
        new StringBuilder()
            .append("migration job ")
            .append(job.id())
            .append(" (")
            .append(job.summary())
            .append(") failed its dry run;")
            .append(" nothing was applied anywhere.");
    if (job.error() != null) {
      msg.append(' ').append(capitalised(job.error())).append('.');
    }
    list(msg, m, failures, total);
    msg.append("\nFix the schema of the databases named (compare them with `sharedschema check ")
        .append(registry.schemaDatabase())
        .append("`), or change the migration, then send it again.");
    return new MigrationFailedException(msg.toString(), job.id(), failures, 0, null);
  }

  public static MigrationPausedException runFailed(Registry registry, JobRecord job)
      throws SQLException {
    Migration m = registry.migration(job.id());
    List<TaskFailure> failures = registry.failures(job.id(), SHOWN);
    int total = failedCount(registry, job.id());
    StringBuilder msg =
        new StringBuilder()
            .append("migration job ")
            .append(job.id())
            .append(" (")
            .append(job.summary())
            .append(") passed its dry run")
            .append(" but failed while being applied, and is paused in RunFailure: ")
            .append(job.error() == null ? "" : job.error())
            .append('.')
            .append(" Databases that succeeded keep the change; the schema database ")
            .append(registry.schemaDatabase())
            .append(" gets it only when every linked database has it;")
            .append(" later migrations wait.");
    list(msg, m, failures, total);
    msg.append("\nTo recover: fix the databases named, then `sharedschema retry ")
        .append(registry.schemaDatabase())
        .append(' ')
        .append(job.id())
        .append("` (or SharedSchema.retry(")
        .append(job.id())
        .append(")); or `sharedschema unlink ")
        .append(registry.schemaDatabase())
        .append(" DB` to stop propagating to a database. Either lets the job finish.");
    return new MigrationPausedException(msg.toString(), job.id(), failures);
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
    return counts.getOrDefault(dev.sharedschema.scheduler.TaskState.DryRunFailure, 0)
        + counts.getOrDefault(dev.sharedschema.scheduler.TaskState.RunFailure, 0);
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
