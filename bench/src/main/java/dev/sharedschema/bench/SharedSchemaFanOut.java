package dev.sharedschema.bench;

import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationResult;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.SchedulerOptions;
import java.nio.file.Path;

/**
 * sharedschema: one migration through the scheduler — dry run on the schema database and every
 * linked database, the run on every linked database, then the schema database with the job's {@code
 * RunSuccess}, all before {@code migrate} returns. Keeps the last job's phase times.
 */
final class SharedSchemaFanOut implements FanOutAnchor {
  private final Scheduler scheduler;
  private final String name;
  private final PhaseClock phases = new PhaseClock();
  private JobRecord lastJob;

  SharedSchemaFanOut(Path schema, int workers) throws Exception {
    this.scheduler = Scheduler.open(schema, SchedulerOptions.DEFAULTS.withWorkers(workers));
    this.name = "sharedschema, " + workers + " workers";
    scheduler.addListener(phases);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void addColumn(int column) throws Exception {
    phases.begin();
    MigrationResult r = scheduler.migrate(Migration.of(FanOutAnchor.alter(column)), null);
    lastJob = scheduler.registry().job(r.jobId()).orElseThrow();
  }

  /** "dry run X ms, run and schema step Y ms" of the last job, from the registry's timestamps. */
  String lastPhases() {
    if (lastJob == null || lastJob.dryRunAt() == null || lastJob.finishedAt() == null) {
      return "";
    }
    return String.format(
            java.util.Locale.ROOT,
            " (dry run %d ms, run %d ms)",
            lastJob.dryRunAt() - lastJob.submittedAt(),
            lastJob.finishedAt() - lastJob.dryRunAt())
        + phases.describe();
  }

  @Override
  public void close() {
    scheduler.close();
  }
}
