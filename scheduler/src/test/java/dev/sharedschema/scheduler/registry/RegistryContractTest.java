package dev.sharedschema.scheduler.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.FinalStep;
import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.FleetHistory;
import dev.sharedschema.scheduler.JobRecord;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.LeaseLostException;
import dev.sharedschema.scheduler.Linker;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.TaskOutcome;
import dev.sharedschema.scheduler.TaskRef;
import dev.sharedschema.scheduler.TaskState;
import dev.sharedschema.scheduler.internal.SchemaStep;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Registry} must do (DESIGN.md §6, §7, §10), run against each implementation: the
 * SQLite file beside the schema database and PostgreSQL. Jobs and tasks, fencing by lease epoch,
 * link generations, baselines, history, retry, and the schema database's final step.
 */
abstract class RegistryContractTest {
  private static final Migration ADD_B = Migration.of("ALTER TABLE t ADD COLUMN b INTEGER");

  @TempDir Path dir;
  Path schema;
  Registry registry;
  List<Path> tenants = new ArrayList<>();

  /** Creates the registry of {@code schema}, a new schema database. */
  abstract Registry create(Path schema) throws SQLException;

  @BeforeEach
  void fleet() throws SQLException {
    schema = dir.resolve("schema.db");
    Fleet.exec(schema, "CREATE TABLE t(a)");
    registry = create(schema);
    for (int i = 1; i <= 3; i++) {
      tenants.add(dir.resolve("tenant-" + i + ".db"));
    }
    new Linker(registry, Clock.systemUTC()).linkAll(tenants);
  }

  @AfterEach
  void close() throws SQLException {
    registry.close();
  }

  @Test
  void linksAreKeptByCanonicalPathOnce() throws Exception {
    assertThat(registry.links()).hasSize(3);
    assertThat(registry.isLinked(dir.resolve("x/../tenant-2.db"))).isTrue();
    assertThat(registry.isLinked(dir.resolve("tenant-9.db"))).isFalse();
    assertThat(registry.schemaDatabase()).isEqualTo(schema.toRealPath());
    assertThat(registry.id()).isNotBlank();
  }

  @Test
  void submitRecordsAJobWithATokenAndATaskPerLink() throws SQLException {
    long first = registry.submit(ADD_B, 1000);
    long second = registry.submit(Migration.of("CREATE TABLE u(x)"), 1001);
    assertThat(second).isGreaterThan(first);
    JobRecord job = registry.job(first).orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.WaitingDryRun);
    assertThat(job.token()).matches("[0-9a-f]{32}");
    assertThat(job.taskCount()).isEqualTo(3);
    assertThat(job.summary()).contains("ADD COLUMN b");
    assertThat(registry.job(second).orElseThrow().token()).isNotEqualTo(job.token());
    assertThat(registry.taskCounts(first)).isEqualTo(Map.of(TaskState.Enqueued, 3));
    assertThat(registry.headOfQueue().orElseThrow().id()).isEqualTo(first);
    assertThat(registry.jobs(10)).extracting(JobRecord::id).containsExactly(second, first);
    assertThat(registry.migration(first)).isEqualTo(ADD_B);
    assertThat(registry.result(first)).isEmpty();
  }

  @Test
  void theLeaseEpochGrowsAtEveryTakeoverAndNeverGoesBack() throws SQLException {
    Fence a = registry.acquireLease("a", 1_000, 1_000).orElseThrow();
    assertThat(registry.acquireLease("b", 1_500, 1_000)).isEmpty();
    assertThat(registry.acquireLease("a", 1_500, 1_000)).contains(a);
    assertThat(registry.renewLease(a, 1_900, 1_000)).isTrue();
    assertThat(registry.acquireLease("b", 2_800, 1_000)).isEmpty();
    Fence b = registry.acquireLease("b", 3_000, 1_000).orElseThrow();
    assertThat(b.epoch()).isEqualTo(a.epoch() + 1);
    assertThat(registry.holdsLease(a)).isFalse();
    assertThat(registry.holdsLease(b)).isTrue();
    assertThat(registry.renewLease(a, 3_100, 1_000)).isFalse();
    registry.releaseLease(b);
    assertThat(registry.holdsLease(b)).isFalse();
    Fence c = registry.acquireLease("c", 3_200, 1_000).orElseThrow();
    assertThat(c.epoch()).isEqualTo(b.epoch() + 1);
  }

  @Test
  void aStaleFenceChangesNothing() throws SQLException {
    long id = registry.submit(ADD_B, 1000);
    Fence stale = registry.acquireLease("a", 1_000, 100).orElseThrow();
    Fence fresh = registry.acquireLease("b", 5_000, 100_000).orElseThrow();
    TaskRef t = registry.tasks(id, TaskState.Enqueued, "", 10).get(0);
    TaskOutcome passed =
        new TaskOutcome(t, TaskState.Enqueued, TaskState.DryRunSuccess, 0, null, 0);
    assertThatThrownBy(() -> registry.record(stale, id, List.of(passed), 5_001))
        .isInstanceOf(LeaseLostException.class);
    assertThatThrownBy(
            () -> registry.moveTasks(stale, id, TaskState.Enqueued, TaskState.DryRunSuccess, 1))
        .isInstanceOf(LeaseLostException.class);
    assertThatThrownBy(
            () ->
                registry.moveJob(stale, id, JobState.WaitingDryRun, JobState.DryRunFailure, "x", 1))
        .isInstanceOf(LeaseLostException.class);
    assertThat(registry.job(id).orElseThrow().state()).isEqualTo(JobState.WaitingDryRun);
    assertThat(registry.taskCounts(id)).isEqualTo(Map.of(TaskState.Enqueued, 3));
    registry.record(fresh, id, List.of(passed), 5_002);
    assertThat(registry.taskCounts(id).get(TaskState.DryRunSuccess)).isEqualTo(1);
  }

  @Test
  void theFinalStepOfAStaleFenceAppliesNothing() throws Exception {
    long id = registry.submit(ADD_B, 1000);
    Fence stale = throughTheRun(id, "a", 1_000, 100);
    registry.acquireLease("b", 50_000, 100_000).orElseThrow();
    assertThatThrownBy(
            () -> registry.finish(stale, id, List.of(), SchemaStep.finalStep(ADD_B), 50_001))
        .isInstanceOf(LeaseLostException.class);
    assertThat(Fleet.hasColumn(schema, "t", "b")).isFalse();
    assertThat(registry.job(id).orElseThrow().state()).isEqualTo(JobState.WaitingRun);
  }

  @Test
  void outcomesCountOnlyOverTheStateAndLinkGenerationTheyWereComputedFrom() throws Exception {
    long id = registry.submit(ADD_B, 1000);
    Fence f = registry.acquireLease("a", 1_000, 1_000_000).orElseThrow();
    List<TaskRef> tasks = registry.tasks(id, TaskState.Enqueued, "", 10);
    TaskRef first = tasks.get(0);
    registry.record(f, id, List.of(outcome(first, TaskState.Enqueued, TaskState.DryRunSuccess)), 2);
    // A second outcome over the state the task already left is dropped.
    registry.record(f, id, List.of(outcome(first, TaskState.Enqueued, TaskState.DryRunFailure)), 3);
    assertThat(registry.failures(id, 10)).isEmpty();
    // The second tenant is unlinked and linked again: an outcome for its old link is dropped.
    TaskRef old = tasks.get(1);
    Path second = registry.resolve(old.path());
    assertThat(registry.unlink(second, 4)).isTrue();
    new Linker(registry, Clock.systemUTC()).link(second);
    TaskRef renewed =
        registry.tasks(id, TaskState.Enqueued, "", 10).stream()
            .filter(t -> t.path().equals(old.path()))
            .findFirst()
            .orElseThrow();
    assertThat(renewed.generation()).isGreaterThan(old.generation());
    registry.record(f, id, List.of(outcome(old, TaskState.Enqueued, TaskState.DryRunFailure)), 5);
    assertThat(registry.failures(id, 10)).isEmpty();
    registry.record(
        f, id, List.of(outcome(renewed, TaskState.Enqueued, TaskState.DryRunSuccess)), 6);
    assertThat(registry.taskCounts(id))
        .isEqualTo(Map.of(TaskState.DryRunSuccess, 2, TaskState.Enqueued, 1));
  }

  @Test
  void aLinkIsRecordedOnlyIfNoJobFinishedAfterItsBaseline() throws Exception {
    long id = registry.submit(ADD_B, 1000);
    finish(id);
    Path late = dir.resolve("late.db");
    assertThat(registry.addLinks(List.of(late), 0, 10)).isFalse();
    assertThat(registry.isLinked(late)).isFalse();
    assertThat(registry.addLinks(List.of(late), registry.history().head(), 10)).isTrue();
    assertThat(registry.isLinked(late)).isTrue();
  }

  @Test
  void aDatabaseLinkedWhileAJobIsUnfinishedGetsATaskInIt() throws Exception {
    long id = registry.submit(ADD_B, 1000);
    new Linker(registry, Clock.systemUTC()).link(dir.resolve("joined.db"));
    assertThat(registry.taskCounts(id)).isEqualTo(Map.of(TaskState.Enqueued, 4));
    assertThat(registry.job(id).orElseThrow().taskCount()).isEqualTo(4);
  }

  @Test
  void theFinalStepAppliesTheSchemaDatabaseLastAndRecordsTheHistory() throws Exception {
    long first = registry.submit(ADD_B, 1000);
    finish(first);
    long second = registry.submit(Migration.of("INSERT INTO t(a) VALUES (1)"), 2000);
    finish(second);
    JobRecord job = registry.job(first).orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.RunSuccess);
    assertThat(job.finishedAt()).isNotNull();
    assertThat(registry.result(second).orElseThrow().get(0).updateCount()).isEqualTo(1);
    FleetHistory h = registry.history();
    assertThat(h.size()).isEqualTo(2);
    assertThat(h.head()).isEqualTo(second);
    assertThat(h.token(first)).isEqualTo(job.token());
    assertThat(h.previous(second)).isEqualTo(first);
    assertThat(registry.headOfQueue()).isEmpty();
    assertThat(Fleet.hasColumn(schema, "t", "b")).isTrue();
    assertThat(registry.recordedSchema().orElseThrow().encode()).contains("b");
    Fence f = registry.acquireLease("a", 3_000, 1_000_000).orElseThrow();
    assertThat(registry.finish(f, first, List.of(), SchemaStep.finalStep(ADD_B), 3_001))
        .isEqualTo(FinalStep.Outcome.ALREADY_FINISHED);
  }

  @Test
  void theFinalStepWaitsForEveryTask() throws Exception {
    long id = registry.submit(ADD_B, 1000);
    Fence f = throughTheRun(id, "a", 1_000, 1_000_000);
    Path joined = dir.resolve("joined.db");
    new Linker(registry, Clock.systemUTC()).link(joined);
    assertThat(registry.finish(f, id, List.of(), SchemaStep.finalStep(ADD_B), 2_000))
        .isEqualTo(FinalStep.Outcome.TASKS_PENDING);
    assertThat(Fleet.hasColumn(schema, "t", "b")).isFalse();
    assertThat(registry.job(id).orElseThrow().state()).isEqualTo(JobState.WaitingRun);
  }

  @Test
  void retryReDrivesOnlyAPausedJob() throws Exception {
    long id = registry.submit(ADD_B, 1000);
    Fence f = registry.acquireLease("a", 1_000, 1_000_000).orElseThrow();
    assertThat(registry.retry(id, 2)).isFalse();
    recordAll(f, id, TaskState.Enqueued, TaskState.DryRunSuccess);
    registry.moveJob(f, id, JobState.WaitingDryRun, JobState.DryRunSuccess, null, 3);
    registry.moveTasks(f, id, TaskState.DryRunSuccess, TaskState.Run, 4);
    assertThat(registry.moveJob(f, id, JobState.WaitingDryRun, JobState.DryRunFailure, "x", 5))
        .isFalse();
    registry.moveJob(f, id, JobState.DryRunSuccess, JobState.WaitingRun, null, 5);
    TaskRef t = registry.tasks(id, TaskState.Run, "", 1).get(0);
    registry.record(
        f,
        id,
        List.of(new TaskOutcome(t, TaskState.Run, TaskState.RunFailure, 1, "disk full", 13)),
        6);
    registry.moveJob(f, id, JobState.WaitingRun, JobState.RunFailure, "1 database failed", 7);
    assertThat(registry.failures(id, 10))
        .singleElement()
        .satisfies(
            failure -> {
              assertThat(failure.error()).isEqualTo("disk full");
              assertThat(failure.statement()).isEqualTo(1);
              assertThat(failure.resultCode()).isEqualTo(13);
              assertThat(failure.state()).isEqualTo(TaskState.RunFailure);
            });
    assertThat(registry.retry(id, 8)).isTrue();
    assertThat(registry.job(id).orElseThrow().state()).isEqualTo(JobState.WaitingRun);
    assertThat(registry.taskCounts(id)).isEqualTo(Map.of(TaskState.Run, 3));
    assertThat(registry.failures(id, 10)).isEmpty();
    assertThat(registry.retry(id, 9)).isFalse();
  }

  @Test
  void unlinkDropsTheTasksOfUnfinishedJobs() throws SQLException {
    long id = registry.submit(ADD_B, 1000);
    assertThat(registry.unlink(tenants.get(0), 2)).isTrue();
    assertThat(registry.unlink(tenants.get(0), 3)).isFalse();
    assertThat(registry.taskCounts(id)).isEqualTo(Map.of(TaskState.Enqueued, 2));
    assertThat(registry.job(id).orElseThrow().taskCount()).isEqualTo(2);
    assertThat(registry.links()).hasSize(2);
  }

  // ---- helpers: what a stepper does

  @Test
  void theDryRunsLastBatchAndTheMoveToTheRunAreOneStep() throws Exception {
    long id = registry.submit(ADD_B, 1000);
    Fence f = registry.acquireLease("a", 1_000, 1_000_000).orElseThrow();
    List<TaskOutcome> passed = new ArrayList<>();
    for (TaskRef t : registry.tasks(id, TaskState.Enqueued, "", 10)) {
      passed.add(outcome(t, TaskState.Enqueued, TaskState.DryRunSuccess));
    }
    assertThat(registry.endDryRun(f, id, passed, false, n -> "unused", 2_000))
        .isEqualTo(JobState.WaitingRun);
    assertThat(registry.job(id).orElseThrow().state()).isEqualTo(JobState.WaitingRun);
    assertThat(registry.taskCounts(id)).isEqualTo(Map.of(TaskState.Run, 3));
  }

  @Test
  void aFailureInTheDryRunsLastBatchOrOnTheSchemaDatabaseEndsItInDryRunFailure() throws Exception {
    long id = registry.submit(ADD_B, 1000);
    Fence f = registry.acquireLease("a", 1_000, 1_000_000).orElseThrow();
    List<TaskRef> tasks = registry.tasks(id, TaskState.Enqueued, "", 10);
    List<TaskOutcome> last = new ArrayList<>();
    last.add(outcome(tasks.get(0), TaskState.Enqueued, TaskState.DryRunFailure));
    for (TaskRef t : tasks.subList(1, tasks.size())) {
      last.add(outcome(t, TaskState.Enqueued, TaskState.DryRunSuccess));
    }
    assertThat(registry.endDryRun(f, id, last, false, n -> n + " failed", 2_000))
        .isEqualTo(JobState.DryRunFailure);
    assertThat(registry.job(id).orElseThrow().error()).isEqualTo("1 failed");
    long other = registry.submit(ADD_B, 3_000);
    assertThat(registry.endDryRun(f, other, List.of(), true, n -> "schema failed", 3_001))
        .isEqualTo(JobState.DryRunFailure);
  }

  @Test
  void theFinalStepRecordsTheRunsLastBatchInItsOwnTransaction() throws Exception {
    long id = registry.submit(ADD_B, 1000);
    Fence f = registry.acquireLease("a", 1_000, 1_000_000).orElseThrow();
    recordAll(f, id, TaskState.Enqueued, TaskState.DryRunSuccess);
    registry.moveJob(f, id, JobState.WaitingDryRun, JobState.DryRunSuccess, null, 1_000);
    registry.moveTasks(f, id, TaskState.DryRunSuccess, TaskState.Run, 1_000);
    registry.moveJob(f, id, JobState.DryRunSuccess, JobState.WaitingRun, null, 1_000);
    List<TaskOutcome> last = new ArrayList<>();
    for (TaskRef t : registry.tasks(id, TaskState.Run, "", 10)) {
      last.add(outcome(t, TaskState.Run, TaskState.RunSuccess));
    }
    assertThat(registry.finish(f, id, last, SchemaStep.finalStep(ADD_B), 2_000))
        .isEqualTo(FinalStep.Outcome.DONE);
    assertThat(registry.taskCounts(id)).isEqualTo(Map.of(TaskState.RunSuccess, 3));
    assertThat(registry.job(id).orElseThrow().state()).isEqualTo(JobState.RunSuccess);
  }

  private static TaskOutcome outcome(TaskRef t, TaskState from, TaskState to) {
    return new TaskOutcome(t, from, to, 0, null, 0);
  }

  private void recordAll(Fence f, long id, TaskState from, TaskState to) throws SQLException {
    List<TaskOutcome> out = new ArrayList<>();
    for (TaskRef t : registry.tasks(id, from, "", 100)) {
      out.add(outcome(t, from, to));
    }
    registry.record(f, id, out, 1);
  }

  /** Takes the job to WaitingRun with every task RunSuccess (the files are not touched). */
  private Fence throughTheRun(long id, String holder, long now, long ttl) throws SQLException {
    Fence f = registry.acquireLease(holder, now, ttl).orElseThrow();
    recordAll(f, id, TaskState.Enqueued, TaskState.DryRunSuccess);
    registry.moveJob(f, id, JobState.WaitingDryRun, JobState.DryRunSuccess, null, now);
    registry.moveTasks(f, id, TaskState.DryRunSuccess, TaskState.Run, now);
    registry.moveJob(f, id, JobState.DryRunSuccess, JobState.WaitingRun, null, now);
    recordAll(f, id, TaskState.Run, TaskState.RunSuccess);
    return f;
  }

  private void finish(long id) throws SQLException {
    long now = System.currentTimeMillis();
    Fence f = throughTheRun(id, "stepper-" + id, now, 1_000_000);
    assertThat(registry.finish(f, id, List.of(), SchemaStep.finalStep(registry.migration(id)), now))
        .isEqualTo(FinalStep.Outcome.DONE);
    registry.releaseLease(f);
  }
}
