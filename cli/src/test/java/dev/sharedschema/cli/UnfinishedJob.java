package dev.sharedschema.cli;

import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * A job left unfinished in the registry, as a crash would leave it: while another "process" holds
 * the stepping lease, a submitted job is recorded but never stepped. Closing gives the lease up, so
 * that the next command that opens the schema database drives the job.
 */
final class UnfinishedJob implements AutoCloseable {
  private static final String HOLDER = "a process that crashed";

  private final Registry registry;
  private final Fence fence;
  private final long id;

  private UnfinishedJob(Registry registry, Fence fence, long id) {
    this.registry = registry;
    this.fence = fence;
    this.id = id;
  }

  static UnfinishedJob submit(Path schema, String sql) throws SQLException {
    Registry registry = RegistryFile.open(schema, Clock.systemUTC());
    Fence fence =
        registry
            .acquireLease(HOLDER, System.currentTimeMillis(), Duration.ofHours(1).toMillis())
            .orElse(null);
    if (fence == null) {
      registry.close();
      throw new IllegalStateException("someone else holds the lease of " + schema);
    }
    try (SharedSchema s = SharedSchema.open(schema)) {
      return new UnfinishedJob(registry, fence, s.submit(sql));
    }
  }

  long id() {
    return id;
  }

  @Override
  public void close() throws SQLException {
    registry.releaseLease(fence);
    registry.close();
  }
}
