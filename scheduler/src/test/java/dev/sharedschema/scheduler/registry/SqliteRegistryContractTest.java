package dev.sharedschema.scheduler.registry;

import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

/** The registry contract on the SQLite file beside the schema database. */
class SqliteRegistryContractTest extends RegistryContractTest {
  @Override
  Registry create(Path schema) throws SQLException {
    return RegistryFile.openOrCreate(schema, Clock.systemUTC());
  }
}
