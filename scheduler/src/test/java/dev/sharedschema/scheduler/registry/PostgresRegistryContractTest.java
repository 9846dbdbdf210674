package dev.sharedschema.scheduler.registry;

import dev.sharedschema.scheduler.NodeSettings;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.SchedulerOptions;
import dev.sharedschema.scheduler.TestPostgres;
import java.nio.file.Path;
import java.sql.SQLException;

/** The registry contract on PostgreSQL (a real one, embedded), as the schema node sees it. */
class PostgresRegistryContractTest extends RegistryContractTest {
  @Override
  Registry create(Path schema) throws SQLException {
    return new NodeSettings(TestPostgres.newDatabase(), "node-a", null)
        .openOrCreate(schema, SchedulerOptions.DEFAULTS);
  }
}
