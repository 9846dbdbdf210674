package dev.sharedschema.bench;

import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.SchedulerOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * sharedschema as a user runs it: the {@code ALTER} executed on a schema connection ({@code
 * jdbc:sharedschema:sqlite:…?shared_schema=true}), which makes it one migration — dry run on the
 * schema database and every linked database, the run on every linked database, then the schema
 * database with the job's {@code RunSuccess} — all before {@code execute} returns. Keeps the phase
 * marks of the last migration.
 */
final class SharedSchemaFanOut implements FanOutAnchor {
  private final SharedSchema fleet;
  private final Connection schema;
  private final String name;
  private final PhaseClock phases = new PhaseClock();

  SharedSchemaFanOut(Path schemaDatabase, int workers, int batchSize) throws Exception {
    // The first opener in a JVM sets the scheduler's options; the connection then shares it.
    this.fleet =
        SharedSchema.open(
            schemaDatabase,
            SchedulerOptions.DEFAULTS.withWorkers(workers).withBatchSize(batchSize));
    this.schema =
        DriverManager.getConnection(
            "jdbc:sharedschema:sqlite:" + schemaDatabase + "?shared_schema=true");
    this.name = "sharedschema, " + workers + " workers";
    fleet.addListener(phases);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void addColumn(int column) throws Exception {
    phases.begin();
    try (Statement st = schema.createStatement()) {
      st.execute(FanOutAnchor.alter(column));
    }
    phases.end();
  }

  /** Where the last migration's time went (see {@link PhaseClock}). */
  String lastPhases() {
    return phases.describe();
  }

  @Override
  public void close() throws Exception {
    schema.close();
    fleet.close();
  }
}
