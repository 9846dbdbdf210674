package dev.sharedschema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

/**
 * A job paused in RunFailure, made the way it happens in production: the data of one tenant makes
 * the migration fail only when it commits. Tenant 1 has a child row of parent 1; the migration
 * deletes parent 1 under a deferred foreign key, which the dry run (rolled back, never committed)
 * cannot see and the run's COMMIT refuses.
 */
final class PausedJob {
  static final String MIGRATION = "PRAGMA foreign_keys = ON; DELETE FROM parent WHERE id = 1";

  private PausedJob() {}

  /**
   * Pauses a job on {@code fleet} (which needs at least two tenants); returns the CLI run of it.
   */
  static Cli.Result make(TestFleet fleet) throws SQLException {
    Cli.run(
            "migrate",
            fleet.schema(),
            "--progress",
            "off",
            "-e",
            "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
                + " CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)")
        .succeeds();
    TestFleet.sqlite(
        fleet.tenant(1), "INSERT INTO parent VALUES (1)", "INSERT INTO child VALUES (1, 1)");
    Cli.Result r = Cli.run("migrate", fleet.schema(), "-e", MIGRATION);
    assertThat(r.err())
        .as("the scheduler's dry run now sees deferred foreign keys: pause the job another way")
        .contains("RunFailure");
    return r;
  }

  /** Removes the row that made tenant 1 fail. */
  static void fix(TestFleet fleet) throws SQLException {
    TestFleet.sqlite(fleet.tenant(1), "DELETE FROM child WHERE parent_id = 1");
  }
}
