package dev.sharedschema.cli;

import dev.sharedschema.driver.JobSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/** The end of the demo: what each step cost, and the commands to look around with. */
final class DemoReport {
  private DemoReport() {}

  static void summary(PrintWriter out, int tenants, long linking, JobSummary job, long checking) {
    long migration = JobView.elapsed(job).toNanos();
    long dryRun = Duration.between(job.submittedAt(), job.dryRunAt()).toNanos();
    long run = migration - dryRun;
    out.println("Summary (" + Units.count(tenants, "linked database") + ")");
    out.printf(
        "  %-10s %10s   %s%n",
        "linking", Units.nanos(linking), Units.per(linking, tenants, "database"));
    out.printf(
        "  %-10s %10s   %s   (dry run %s, run %s)%n",
        "migration",
        Units.nanos(migration),
        Units.per(migration, tenants, "database"),
        Units.nanos(dryRun),
        Units.nanos(run));
    out.printf(
        "  %-10s %10s   %s%n",
        "check", Units.nanos(checking), Units.per(checking, tenants, "database"));
    out.println(
        "  job " + job.id() + " " + job.state() + ", tasks: " + JobView.counts(job.tasks()));
  }

  static void next(PrintWriter out, Path schemaDb, long id, Path tenant) {
    String cmd = Invocation.command();
    out.println("Look around:");
    out.println("  " + cmd + " jobs " + schemaDb);
    out.println("  " + cmd + " job " + schemaDb + " " + id);
    out.println("  " + cmd + " links " + schemaDb);
    out.println("  " + cmd + " check " + schemaDb);
    out.println(
        "  "
            + cmd
            + " migrate "
            + schemaDb
            + " -e \"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)\"");
    out.println("  sqlite3 " + tenant + " .schema");
  }
}
