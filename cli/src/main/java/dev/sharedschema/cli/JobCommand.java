package dev.sharedschema.cli;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sharedschema job SCHEMA_DB ID}: one job in detail. */
@Command(name = "job", header = "One job: state, counts per task state, timings, failures.")
final class JobCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Mixin SchemaDatabaseParameter schemaDb;

  @Parameters(index = "1", paramLabel = "ID", description = "The job id (see `jobs`).")
  long id;

  @Option(names = "--json", description = "Print the job as a JSON object.")
  boolean json;

  @Override
  public Integer call() throws SQLException {
    Optional<JobSummary> job;
    try (SharedSchema s = schemaDb.open()) {
      job = s.job(id);
      if (job.isEmpty()) {
        throw new SQLException(
            "no job "
                + id
                + " in the registry of "
                + s.schemaDatabase()
                + " (see `sharedschema jobs`)",
            "02000");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(JobView.json(job.get())));
    } else {
      JobView.printDetail(out, job.get());
    }
    return 0;
  }
}
