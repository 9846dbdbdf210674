package dev.sharedschema.scheduler;

import java.sql.SQLException;

/** The migration of a job, for catching up a database that missed it. */
@FunctionalInterface
public interface MigrationSource {
  Migration migration(long jobId) throws SQLException;
}
