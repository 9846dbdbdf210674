package dev.sharedschema.bench;

import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.SchedulerOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak live heap of a fan-out, by fleet size: does memory grow with the number of databases? For
 * each size a fleet is built by a child JVM (so this one holds nothing from linking, as a process
 * that only migrates, such as {@code sharedschema migrate}), one migration warms up, then
 * migrations run while a sampler forces a full GC every {@code --every} ms and records the heap
 * still in use after it (the live set, not garbage waiting for collection). Sizes run one after
 * another in this JVM; each fleet is closed and deleted before the next.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.FanOutMemory --sizes 100,10000
 * </pre>
 *
 * Options: {@code --sizes a,b,…} (100,10000), {@code --runs R} (3), {@code --every MS} (25), {@code
 * --threads T} (8).
 */
public final class FanOutMemory {
  private List<Integer> sizes = List.of(100, 10_000);
  private int runs = 3;
  private long everyMs = 25;
  private int threads = 8;

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("--create")) {
      BenchFleet.create(Path.of(args[1]), Integer.parseInt(args[2]));
      return;
    }
    FanOutMemory m = new FanOutMemory();
    m.parse(args);
    m.run();
    System.exit(0);
  }

  private void parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> {
          List<Integer> s = new ArrayList<>();
          for (String n : args[++i].split(",")) {
            s.add(Integer.parseInt(n));
          }
          sizes = s;
        }
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--every" -> everyMs = Long.parseLong(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + "; use --sizes a,b --runs R --every MS --threads T");
      }
    }
  }

  private void run() throws Exception {
    System.out.println(
        "peak live heap during fan-outs of ALTER TABLE t ADD COLUMN, "
            + Environment.describe()
            + ", max heap "
            + Runtime.getRuntime().maxMemory() / (1 << 20)
            + " MiB");
    List<Long> peaks = new ArrayList<>();
    for (int size : sizes) {
      Path dir = Files.createTempDirectory("sharedschema-memory");
      createInChildJvm(dir, size);
      long peak;
      try (Scheduler scheduler =
          Scheduler.open(
              BenchFleet.schemaIn(dir), SchedulerOptions.DEFAULTS.withWorkers(threads))) {
        scheduler.migrate(Migration.of(FanOutAnchor.alter(0)), null);
        long before = liveHeap();
        peak = sampleWhile(() -> migrate(scheduler));
        System.out.printf(
            Locale.ROOT,
            "%,6d databases: live heap before %.1f MiB, peak during %d migrations %.1f MiB%n",
            size,
            before / 1048576.0,
            runs,
            peak / 1048576.0);
      }
      peaks.add(peak);
      BenchFleet.delete(dir);
    }
    if (peaks.size() >= 2) {
      System.out.printf(
          Locale.ROOT,
          "peak at %,d / peak at %,d databases: %.2fx (goal <= 1.2x)%n",
          sizes.get(sizes.size() - 1),
          sizes.get(0),
          (double) peaks.get(peaks.size() - 1) / peaks.get(0));
    }
  }

  private static void createInChildJvm(Path dir, int size) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FanOutMemory.class.getName(),
                "--create",
                dir.toString(),
                Integer.toString(size))
            .inheritIO()
            .start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("creating the fleet of " + size + " failed");
    }
  }

  private void migrate(Scheduler scheduler) throws Exception {
    for (int r = 1; r <= runs; r++) {
      scheduler.migrate(Migration.of(FanOutAnchor.alter(r)), null);
    }
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  /** Runs {@code work} while sampling the live heap; returns the highest sample. */
  private long sampleWhile(Work work) throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong peak = new AtomicLong();
    Thread sampler =
        new Thread(
            () -> {
              while (!done.get()) {
                peak.accumulateAndGet(liveHeap(), Math::max);
                try {
                  Thread.sleep(everyMs);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    try {
      work.run();
    } finally {
      done.set(true);
      sampler.join();
    }
    return peak.get();
  }

  private static long liveHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
