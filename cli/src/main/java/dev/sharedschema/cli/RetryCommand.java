package dev.sharedschema.cli;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.TaskState;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sharedschema retry SCHEMA_DB ID}: re-drive a job paused in RunFailure, and wait for it.
 */
@Command(
    name = "retry",
    header = "Re-drive a job in RunFailure after a fix.",
    description =
        "Re-drives a job paused in RunFailure, after the failing databases were fixed, and waits for it. Exit 1 if the job is not in RunFailure, or fails again.")
final class RetryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Mixin SchemaDatabaseParameter schemaDb;

  @Parameters(index = "1", paramLabel = "ID", description = "The paused job's id (see `jobs`).")
  long id;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop waiting after this long (e.g. 30s, 5m).")
  Duration timeout;

  @Mixin ProgressOption progressOption;

  @Override
  public Integer call() throws SQLException {
    try (SharedSchema s = schemaDb.open()) {
      JobSummary job =
          s.job(id)
              .orElseThrow(
                  () ->
                      new SQLException(
                          "no job "
                              + id
                              + " in the registry of "
                              + s.schemaDatabase()
                              + " (see `sharedschema jobs`)",
                          "02000"));
      int pending = JobView.total(job.tasks()) - job.tasks().getOrDefault(TaskState.RunSuccess, 0);
      JobProgress progress = new JobProgress(spec.commandLine().getOut(), progressOption.mode);
      s.addListener(progress);
      Instant retriedAt = Instant.now();
      s.retry(id);
      spec.commandLine()
          .getOut()
          .println("retrying job " + id + ": " + Units.count(pending, "database") + " to apply");
      progress.follow(id, pending);
      return new JobFollower(s, progress, spec.commandLine().getOut(), spec.commandLine().getErr())
          .retriedAt(retriedAt, pending)
          .await(id, timeout);
    }
  }
}
