package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.TaskRef;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** What tests need to drive tasks and registry writes by hand, as a stepper would. */
final class Stepping {
  private Stepping() {}

  static TaskApplier applier(Registry r) {
    return applier(r, Duration.ofSeconds(5));
  }

  /** An applier that waits at most {@code busyTimeout} for a busy database. */
  static TaskApplier applier(Registry r, Duration busyTimeout) {
    BusyRetry retry = new BusyRetry(Clock.systemUTC(), busyTimeout);
    return new TaskApplier(
        r.id(),
        r.schemaDatabase(),
        Clock.systemUTC(),
        retry,
        FaultHooks.NONE,
        new CatchUp(r.id(), r::migration, Clock.systemUTC()));
  }

  /** Job {@code id} as its tasks see it, with the registry's history now. */
  static TaskApplier.Job job(Registry r, long id) throws SQLException {
    return new TaskApplier.Job(id, r.job(id).orElseThrow().token(), r.migration(id), r.history());
  }

  /** A task reference for {@code db} (its generation does not matter to an applier). */
  static TaskRef ref(Path db) {
    return new TaskRef(db.getFileName().toString(), 0);
  }

  /** Takes the lease, as a stepper does before it writes. */
  static Fence fence(Registry r) throws SQLException {
    return r.acquireLease("test-" + UUID.randomUUID(), System.currentTimeMillis(), 600_000)
        .orElseThrow();
  }
}
