package dev.sharedschema.scheduler.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.scheduler.Fleet;
import dev.sharedschema.scheduler.JobState;
import dev.sharedschema.scheduler.LinkOutcome;
import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.Scheduler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet written by sharedschema 0.1.0 (registry format 1, {@code _sharedschema_applied} without
 * tokens, absolute link marks) is upgraded in place when 0.2.0 opens it, and keeps working: its
 * unfinished job resumes, new jobs reach every tenant once, a relinked tenant catches up.
 *
 * <p>The fixture in {@code src/test/resources/fleets/0.1.0} was made with the 0.1.0 CLI in
 * /tmp/sharedschema-legacy-fixture-0.1.0 (so its marks name that absolute path, which does not
 * exist here: the fleet has moved, as a restored backup does):
 *
 * <pre>
 * sharedschema init schema.db
 * sharedschema migrate schema.db -e "CREATE TABLE plan(id INTEGER PRIMARY KEY, name TEXT NOT NULL)"
 * sharedschema link schema.db tenants/t1.db tenants/t2.db
 * sharedschema migrate schema.db -e "INSERT INTO plan(id, name) VALUES (1, 'free')"
 * sharedschema link schema.db tenants/t3.db t4.db
 * sharedschema migrate schema.db -e "ALTER TABLE plan ADD COLUMN price INTEGER"
 * sharedschema migrate schema.db -e "CREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT)"
 * # then, through the 0.1.0 API, a job recorded but never stepped (WaitingDryRun):
 * Registry.submit(Migration.of("INSERT INTO note(id, body) VALUES (1, 'hello')"))
 * </pre>
 */
class FleetUpgradeTest {
  private static final List<String> FILES =
      List.of(
          "schema.db",
          "schema.db.sharedschema",
          "t4.db",
          "tenants/t1.db",
          "tenants/t2.db",
          "tenants/t3.db");

  @TempDir Path dir;
  Path schema;
  List<Path> tenants;

  @BeforeEach
  void unpackFleetOf010() throws IOException {
    for (String name : FILES) {
      Path to = dir.resolve(name);
      Files.createDirectories(to.getParent());
      try (InputStream in = getClass().getResourceAsStream("/fleets/0.1.0/" + name)) {
        Files.copy(in, to);
      }
    }
    schema = dir.resolve("schema.db");
    tenants =
        List.of(
            dir.resolve("tenants/t1.db"),
            dir.resolve("tenants/t2.db"),
            dir.resolve("tenants/t3.db"),
            dir.resolve("t4.db"));
  }

  @Test
  void theUnfinishedJobResumesAndNewJobsReachEveryTenantOnce() throws Exception {
    try (Scheduler s = Scheduler.open(schema, Fleet.fastOptions())) {
      assertThat(s.registry().links()).containsExactlyInAnyOrderElementsOf(tenants);
      s.await(5, Duration.ofSeconds(30));
      long next =
          s.migrate(Migration.of("ALTER TABLE note ADD COLUMN tag TEXT"), Duration.ofSeconds(30))
              .jobId();
      assertThat(next).isEqualTo(6);
      assertThat(s.registry().job(6).orElseThrow().token()).hasSize(32);
      assertThat(s.registry().job(1).orElseThrow().token())
          .as("jobs of 0.1.0 got tokens in the upgrade")
          .hasSize(32);
    }
    for (Path t : tenants) {
      assertThat(Fleet.column(t, "SELECT body FROM note"))
          .as(t.toString())
          .containsExactly("hello");
      assertThat(Fleet.hasColumn(t, "note", "tag")).as(t.toString()).isTrue();
      assertThat(Fleet.column(t, "SELECT job_id FROM _sharedschema_applied WHERE job_id >= 5"))
          .as("%s: the jobs after the upgrade, once each", t)
          .containsExactly("5", "6");
      assertThat(Fleet.column(t, "SELECT schema_db FROM _sharedschema_applied WHERE job_id = 0"))
          .as("%s: its mark now names the schema database relative to itself", t)
          .containsExactly(t.getParent().relativize(schema).toString());
    }
    assertThat(Fleet.column(schema, "SELECT body FROM note")).containsExactly("hello");
    assertThat(
            Fleet.column(
                dir.resolve("schema.db.sharedschema"), "SELECT format FROM _sharedschema_registry"))
        .containsExactly("2");
  }

  @Test
  void aTenantUnlinkedAfterTheUpgradeCatchesUpWhenLinkedAgain() throws Exception {
    Path t1 = tenants.get(0);
    try (Scheduler s = Scheduler.open(schema, Fleet.fastOptions())) {
      s.await(5, Duration.ofSeconds(30));
      s.unlink(t1);
      s.migrate(
          Migration.of("INSERT INTO plan(id, name) VALUES (2, 'pro')"), Duration.ofSeconds(30));
      LinkOutcome back = s.linker().link(t1);
      assertThat(back.how()).isEqualTo(LinkOutcome.How.RELINKED);
      assertThat(back.caughtUp()).isEqualTo(1);
      s.migrate(Migration.of("ALTER TABLE plan ADD COLUMN tier TEXT"), Duration.ofSeconds(30));
    }
    assertThat(Fleet.column(t1, "SELECT name FROM plan ORDER BY id"))
        .containsExactly("free", "pro");
    assertThat(Fleet.hasColumn(t1, "plan", "tier")).isTrue();
    assertThat(Fleet.appliedJobs(t1)).containsExactly("2", "3", "4", "5", "6", "7");
  }

  @Test
  void sharedschema010CannotAddAJobToAnUpgradedRegistry() throws Exception {
    try (Scheduler s = Scheduler.open(schema, Fleet.fastOptions())) {
      s.await(5, Duration.ofSeconds(30));
    }
    // What 0.1.0's submit writes: a job without a token.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + schema + ".sharedschema");
        Statement st = c.createStatement()) {
      assertThatThrownBy(
              () ->
                  st.execute(
                      "INSERT INTO _sharedschema_jobs(state, migration, summary, task_count,"
                          + " submitted_at) VALUES ('WaitingDryRun', x'00', 'x', 0, 0)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("format 2")
          .hasMessageContaining("0.2.0 or later");
    }
    try (Scheduler s = Scheduler.open(schema, Fleet.fastOptions())) {
      assertThat(s.registry().job(5).orElseThrow().state()).isEqualTo(JobState.RunSuccess);
    }
  }
}
