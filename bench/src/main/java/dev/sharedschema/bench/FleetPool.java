package dev.sharedschema.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A fixed pool of daemon threads applying one piece of work to every database of a fleet. */
final class FleetPool implements AutoCloseable {
  @FunctionalInterface
  interface PerDatabase {
    void apply(Path database) throws Exception;
  }

  private final List<Path> databases;
  private final ExecutorService pool;

  FleetPool(List<Path> databases, int threads, String name) {
    this.databases = List.copyOf(databases);
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  List<Path> databases() {
    return databases;
  }

  /** Runs {@code work} for every database; returns once all finished, throws the first failure. */
  void forEach(PerDatabase work) throws Exception {
    List<Future<?>> done = new ArrayList<>(databases.size());
    for (Path db : databases) {
      done.add(
          pool.submit(
              () -> {
                work.apply(db);
                return null;
              }));
    }
    for (Future<?> f : done) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("fan-out failed: " + e.getCause(), e.getCause());
      }
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
