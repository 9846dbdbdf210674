package dev.sharedschema.scheduler.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.scheduler.ChildSchedulers;
import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.SchemaFingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11's property: random sequences of what operators do — migrate (schema and data), unlink,
 * link, restore a tenant from an earlier copy, copy a tenant and link it, kill -9 the process in
 * the middle of a migration — over a small fleet. After every step, every linked tenant holds
 * exactly the fleet's finished jobs since it was first linked, in order, each once; its schema and
 * reference rows equal the schema database's; and its own rows are kept.
 *
 * <p>{@code -Dsharedschema.identity.sequences=N} (default 10) and {@code -Dsharedschema.test.seed}
 * (default random, logged; each sequence's name has its seed, to replay one alone).
 */
@Tag("slow")
class FleetOperationsPropertyTest {
  private static final System.Logger LOG =
      System.getLogger(FleetOperationsPropertyTest.class.getName());
  private static final int STEPS = 10;

  enum Op {
    MIGRATE_SCHEMA,
    MIGRATE_DATA,
    UNLINK,
    LINK,
    RESTORE,
    COPY_AND_LINK,
    KILL_DURING_MIGRATION
  }

  static Stream<Long> seeds() {
    int n = Integer.getInteger("sharedschema.identity.sequences", 10);
    String given = System.getProperty("sharedschema.test.seed");
    long base =
        given == null || given.isBlank()
            ? new SplittableRandom().nextLong()
            : Long.parseLong(given.trim());
    LOG.log(System.Logger.Level.INFO, "fleet operations: base seed " + base);
    return IntStream.range(0, n).mapToObj(i -> base + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyLinkedTenantHoldsExactlyTheFleetsJobsAfterEveryStep(long seed) throws Exception {
    Path dir = Files.createTempDirectory("fleet-ops-");
    SplittableRandom rnd = new SplittableRandom(seed);
    Fleet f = Fleet.create(dir, 3, "CREATE TABLE t(a)", "CREATE TABLE ref(k INTEGER)");
    List<Path> linked = new ArrayList<>(f.linked);
    List<Path> unlinked = new ArrayList<>();
    List<Path[]> snapshots = new ArrayList<>(); // {tenant, copy}
    for (Path t : linked) {
      Fleet.exec(t, "INSERT INTO t VALUES ('own row of " + t.getFileName() + "')");
    }
    int next = 0;
    List<String> log = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      Op op = Op.values()[rnd.nextInt(Op.values().length)];
      String did = op.name();
      try (Scheduler s = Scheduler.open(f.schema, Fleet.fastOptions())) {
        switch (op) {
          case MIGRATE_SCHEMA ->
              s.migrate(Migration.of("ALTER TABLE t ADD COLUMN c" + ++next), WAIT);
          case MIGRATE_DATA ->
              s.migrate(Migration.of("INSERT INTO ref VALUES (" + ++next + ")"), WAIT);
          case UNLINK -> {
            if (linked.size() > 1) {
              Path t = linked.remove(rnd.nextInt(linked.size()));
              s.unlink(t);
              unlinked.add(t);
              did += " " + t.getFileName();
            }
          }
          case LINK -> {
            if (!unlinked.isEmpty()) {
              Path t = unlinked.remove(rnd.nextInt(unlinked.size()));
              s.linker().link(t);
              linked.add(t);
              did += " " + t.getFileName();
            }
          }
          case RESTORE -> {
            if (!snapshots.isEmpty()) {
              Path[] snap = snapshots.get(rnd.nextInt(snapshots.size()));
              Files.copy(snap[1], snap[0], StandardCopyOption.REPLACE_EXISTING);
              if (linked.contains(snap[0])) {
                s.linker().link(snap[0]); // what operations.md says to do after a restore
              }
              did += " " + snap[0].getFileName() + " from " + snap[1].getFileName();
            }
          }
          case COPY_AND_LINK -> {
            List<Path> all = new ArrayList<>(linked);
            all.addAll(unlinked);
            Path from = all.get(rnd.nextInt(all.size()));
            Path copy = dir.resolve("copy-" + step + ".db");
            Files.copy(from, copy);
            s.linker().link(copy);
            linked.add(copy);
            did += " " + from.getFileName() + " to " + copy.getFileName();
          }
          case KILL_DURING_MIGRATION -> {
            s.close();
            long delay = rnd.nextLong(600);
            Process child =
                ChildSchedulers.start(f.schema.toString(), "ALTER TABLE t ADD COLUMN c" + ++next);
            TimeUnit.MILLISECONDS.sleep(delay);
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            did += " after " + delay + " ms";
          }
        }
      }
      if (rnd.nextInt(3) == 0) {
        Path t = linked.get(rnd.nextInt(linked.size()));
        Path copy = dir.resolve("snapshot-" + step + "-" + t.getFileName());
        Files.copy(t, copy);
        snapshots.add(new Path[] {t, copy});
      }
      log.add(did);
      try (Scheduler s = Scheduler.open(f.schema, Fleet.fastOptions())) {
        assertThat(s.drain(WAIT)).isTrue();
        check(s, linked, "seed " + seed + " after " + log);
      }
    }
  }

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static void check(Scheduler s, List<Path> linked, String context) throws Exception {
    List<Long> finished = new ArrayList<>();
    for (JobRecord j : s.registry().jobs(Integer.MAX_VALUE)) {
      assertThat(j.state()).as(context).isIn(JobState.RunSuccess, JobState.DryRunFailure);
      if (j.state() == JobState.RunSuccess) {
        finished.add(0, j.id());
      }
    }
    assertThat(new TreeSet<>(s.registry().links())).as(context).isEqualTo(new TreeSet<>(linked));
    SchemaFingerprint schema;
    List<String> ref;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + s.schemaDatabase())) {
      schema = SchemaFingerprint.read(c);
    }
    ref = Fleet.column(s.schemaDatabase(), "SELECT k FROM ref ORDER BY k");
    for (Path t : linked) {
      String what = t.getFileName() + " " + context;
      long baseline =
          Long.parseLong(
              Fleet.column(
                      t,
                      "SELECT coalesce(max(job_id), 0) FROM _sharedschema_applied WHERE state ="
                          + " 'Baseline'")
                  .get(0));
      List<Long> applied = Fleet.appliedJobs(t).stream().map(Long::parseLong).toList();
      assertThat(applied)
          .as("jobs applied in %s (first linked after job %d)", what, baseline)
          .containsExactlyElementsOf(finished.stream().filter(id -> id > baseline).toList());
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + t)) {
        assertThat(SchemaFingerprint.read(c).differencesFrom(schema)).as(what).isEmpty();
      }
      assertThat(Fleet.column(t, "SELECT k FROM ref ORDER BY k"))
          .as(
              "%s rows %s finished %s",
              what,
              Fleet.column(
                  t,
                  "SELECT job_id || ' ' || state || ' ' || coalesce(token, '-')"
                      + " FROM _sharedschema_applied"),
              s.registry().jobs(100).stream()
                  .map(j -> j.id() + " " + j.state() + " " + j.token() + " " + j.summary())
                  .toList())
          .isEqualTo(ref);
      assertThat(Fleet.column(t, "SELECT count(*) FROM t WHERE a LIKE 'own row of %'"))
          .as("%s keeps its own row", what)
          .containsExactly("1");
    }
  }
}
