package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.FleetHistory;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a linked database that lacks finished jobs up to date (DESIGN.md §6 rule 7): the missed
 * jobs' migrations, in order, each recorded with its token in the transaction that applies it.
 *
 * <p>Jobs are applied in committed transactions of their own, before the job at hand is tried:
 * finished jobs belong in the database whatever becomes of the next one, and {@code foreign_keys}
 * (which a table rebuild turns off) cannot change inside a transaction, so consecutive jobs with
 * the same session settings share one transaction and a change of settings starts the next.
 * (DESIGN.md asks for one transaction with the job at hand; this keeps every job exactly once and
 * in order, and is the only way a rebuild with {@code foreign_keys=OFF} can be caught up safely.)
 * Each transaction re-reads the database's rows under its exclusive lock, so two steppers catching
 * up the same file never apply a job twice.
 */
public final class CatchUp {
  private static final int ATTEMPTS = 5;

  private final String registryId;
  private final MigrationSource migrations;
  private final Clock clock;

  public CatchUp(String registryId, MigrationSource migrations, Clock clock) {
    this.registryId = registryId;
    this.migrations = migrations;
    this.clock = clock;
  }

  /**
   * Catches the database open on {@code c} up to just before job {@code jobId} (token {@code
   * jobToken}; for a link, the head of {@code h} plus one). Returns its standing then: {@code
   * CURRENT}, {@code HOLDS_JOB}, or {@code UNKNOWN_JOB} (nothing applied).
   *
   * @param schemaDb how the database's rows name the schema database
   * @throws CatchUpFailedException a missed job failed there
   */
  public Standing run(Connection c, FleetHistory h, long jobId, String jobToken, String schemaDb)
      throws SQLException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Standing before = Standing.of(AppliedTable.rows(c, registryId), h, jobId, jobToken);
      if (before.kind() != Standing.Kind.BEHIND) {
        return before;
      }
      List<Long> group = sameSettings(before.missing());
      MigrationApplier.setSessionPragmas(c, migrations.migration(group.get(0)), true);
      Transactions.exclusive(
          c,
          () -> {
            Standing now = Standing.of(AppliedTable.rows(c, registryId), h, jobId, jobToken);
            if (now.kind() != Standing.Kind.BEHIND || !now.missing().get(0).equals(group.get(0))) {
              return null; // someone else moved it meanwhile: look again
            }
            for (long missed : group) {
              try {
                MigrationApplier.applyToLinked(c, migrations.migration(missed));
              } catch (SQLException e) {
                throw new CatchUpFailedException(missed, e);
              }
              AppliedTable.recordApplied(
                  c, registryId, missed, h.token(missed), schemaDb, clock.millis());
            }
            return null;
          });
    }
    throw new SQLException(
        "could not catch the database up: it kept changing while being caught up", "40001");
  }

  /** The longest prefix of {@code missing} whose migrations set the same session pragmas. */
  private List<Long> sameSettings(List<Long> missing) throws SQLException {
    List<Long> group = new ArrayList<>();
    Migration first = migrations.migration(missing.get(0));
    for (long id : missing) {
      if (!migrations.migration(id).sessionPragmas().equals(first.sessionPragmas())) {
        break;
      }
      group.add(id);
    }
    return group;
  }
}
