package dev.sharedschema.cli;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sharedschema jobs SCHEMA_DB}: the migration jobs, newest first. */
@Command(name = "jobs", header = "Jobs, newest first.")
final class JobsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Mixin SchemaDatabaseParameter schemaDb;

  @Option(
      names = "--json",
      description = "Print a JSON array of jobs (the fields of `job --json`).")
  boolean json;

  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      description = "Show at most N jobs (default: all).")
  Integer limit;

  @Override
  public Integer call() throws SQLException {
    if (limit != null && limit < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--limit must be at least 1");
    }
    List<JobSummary> jobs;
    try (SharedSchema s = schemaDb.open()) {
      jobs = limit == null ? s.jobs() : s.jobs(limit);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(jobs.stream().map(JobView::json).toList()));
      return 0;
    }
    if (jobs.isEmpty()) {
      out.println("no jobs yet");
      return 0;
    }
    out.printf(
        "%5s  %-13s  %-24s  %10s  %-30s  %s%n",
        "ID", "STATE", "SUBMITTED", "ELAPSED", "TASKS", "MIGRATION");
    for (JobSummary j : jobs) {
      out.printf(
          "%5d  %-13s  %-24s  %10s  %-30s  %s%n",
          j.id(),
          j.state(),
          j.submittedAt(),
          Units.duration(JobView.elapsed(j)),
          JobView.counts(j.tasks()),
          JobView.shortSummary(j.summary()));
    }
    return 0;
  }
}
