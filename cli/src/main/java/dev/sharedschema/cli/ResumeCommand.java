package dev.sharedschema.cli;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.JobState;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sharedschema resume SCHEMA_DB}: drive unfinished jobs to a terminal state, e.g. after a
 * crash.
 */
@Command(
    name = "resume",
    header = "Drive unfinished jobs to a terminal state (after a crash).",
    description =
        "Drives the jobs left unfinished (by a crash, or a `migrate --timeout`) on from the states recorded in the registry, and reports how each ended. Stops at a job paused in RunFailure (see `retry`). If the process that crashed held the lease, this first waits for the lease to expire (about 10 s). Exit 1 if a resumed job failed or is paused.")
final class ResumeCommand implements Callable<Integer> {
  /** A wait no one will sit through; drain needs a bound. */
  private static final Duration FOREVER = Duration.ofDays(365);

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Mixin SchemaDatabaseParameter schemaDb;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop waiting after this long (e.g. 30s, 5m).")
  Duration timeout;

  @Override
  public Integer call() throws SQLException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (SharedSchema s = schemaDb.open()) {
      List<Long> unfinished = new ArrayList<>();
      for (JobSummary j : s.jobs()) {
        if (!j.state().isTerminal()) {
          unfinished.add(0, j.id());
        }
      }
      if (unfinished.isEmpty()) {
        out.println("nothing to resume: every job of " + s.schemaDatabase() + " is finished");
        return 0;
      }
      out.println(
          "resuming " + Units.count(unfinished.size(), "unfinished job") + ": " + unfinished);
      out.flush();
      long started = System.nanoTime();
      boolean drained = s.drain(timeout == null ? FOREVER : timeout);
      int bad = 0;
      for (long id : unfinished) {
        JobSummary j = s.job(id).orElseThrow();
        out.println("job " + id + " " + j.state() + ": " + JobView.counts(j.tasks()));
        if (j.state() == JobState.DryRunFailure || j.state() == JobState.RunFailure) {
          bad++;
          err.println(
              "job "
                  + id
                  + " "
                  + j.state()
                  + ": "
                  + j.error()
                  + (j.state() == JobState.RunFailure
                      ? "; fix the failing databases (`sharedschema job "
                          + s.schemaDatabase()
                          + " "
                          + id
                          + "`), then `sharedschema retry "
                          + s.schemaDatabase()
                          + " "
                          + id
                          + "`"
                      : ""));
        }
      }
      if (!drained) {
        err.println(
            "gave up after "
                + Units.duration(timeout)
                + "; jobs are still unfinished: run `resume` again");
        return 1;
      }
      out.println("done in " + Units.nanos(System.nanoTime() - started));
      return bad > 0 ? 1 : 0;
    }
  }
}
