package dev.sharedschema.scheduler.crash;

import dev.sharedschema.scheduler.FaultHooks;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Linker;
import dev.sharedschema.scheduler.MigrationListener;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.TaskOutcome;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link CrashTest}: runs one migration job (and, with {@code link}, links new
 * databases in a loop meanwhile) and prints one progress marker per event on stdout, until the
 * parent kills it with SIGKILL.
 *
 * <p>Arguments: schema path, {@code hold-final|no-hold}, number of link batches (0 = none), link
 * batch size.
 */
public final class CrashChild {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path schema = Path.of(args[0]);
    boolean holdFinal = args[1].equals("hold-final");
    int linkBatches = Integer.parseInt(args[2]);
    int linkBatchSize = Integer.parseInt(args[3]);
    FaultHooks faults =
        new FaultHooks() {
          @Override
          public void at(String point) {
            say("point " + point);
          }

          @Override
          public void insideFinalStep() {
            if (holdFinal) {
              // Inside the schema database's final transaction: both writes done, no COMMIT yet.
              // Stay there until the parent kills us.
              say("final-commit");
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    Thread linker = null;
    if (linkBatches > 0) {
      linker = new Thread(() -> linkLoop(schema, linkBatches, linkBatchSize), "crash-linker");
      linker.start();
    }
    try (Scheduler s = Scheduler.open(schema, CrashTest.options().withFaults(faults))) {
      s.addListener(
          new MigrationListener() {
            @Override
            public void taskDone(long jobId, TaskOutcome o) {
              say("task " + o.state());
            }

            @Override
            public void jobState(long jobId, JobState state) {
              say("state " + state);
            }
          });
      long id = s.submit(CrashTest.migration());
      say("submitted " + id);
      try {
        s.await(id, Duration.ofSeconds(120));
        say("done " + id);
      } catch (java.sql.SQLException e) {
        say("failed " + id + " " + e.getSQLState());
      }
      if (linker != null) {
        linker.join();
      }
    }
    say("exit");
  }

  private static void linkLoop(Path schema, int batches, int size) {
    try (Registry r = RegistryFile.open(schema, Clock.systemUTC())) {
      Linker linker = new Linker(r, Clock.systemUTC());
      int n = 0;
      for (int b = 0; b < batches; b++) {
        List<Path> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          batch.add(schema.resolveSibling(String.format("new-%04d.db", ++n)));
        }
        say("linking " + b);
        long t0 = System.nanoTime();
        linker.linkAll(batch);
        say("linked " + b + " " + (System.nanoTime() - t0) / 1000 + " us");
      }
    } catch (Exception e) {
      say("link-error " + e);
    }
  }

  private static void say(String line) {
    OUT.println(line);
  }
}
