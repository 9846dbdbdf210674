package dev.sharedschema.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.driver.SharedSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Liquibase example end to end, with the final state of every linked database read directly,
 * and the jobs each update costs with and without {@code shared_schema_local_tables}.
 */
class LiquibaseExampleTest {
  private static final String FIRST_ONLY = "db/changelog/first-changeset-only.xml";

  @TempDir Path dir;

  @Test
  void everyTenantGetsTheChangesetsAndItsOwnHistoryAndTheLockStaysOnTheSchemaDatabase()
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LiquibaseExample.run(dir, new PrintStream(out, true, StandardCharsets.UTF_8));
    Path schemaDb = dir.resolve("schema.db");
    List<Path> all = new ArrayList<>();
    for (String t : LiquibaseExample.TENANTS) {
      all.add(dir.resolve(t + ".db"));
    }
    all.add(schemaDb);
    for (Path db : all) {
      assertThat(
              ExamplesTest.rows(db, "SELECT name FROM pragma_table_info('customer') ORDER BY cid"))
          .as(db.toString())
          .containsExactly("id", "name", "email");
      assertThat(
              ExamplesTest.rows(
                  db, "SELECT ID || ' ' || EXECTYPE FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED"))
          .as(db.toString())
          .containsExactly("1 EXECUTED", "2 EXECUTED");
      assertThat(
              ExamplesTest.rows(db, "SELECT name FROM pragma_table_info('DATABASECHANGELOGLOCK')"))
          .as("the lock table's schema reaches %s", db)
          .contains("LOCKED");
    }
    // Only the schema database holds the lock row, released; tenants never wrote theirs.
    assertThat(ExamplesTest.rows(schemaDb, "SELECT ID || ':' || LOCKED FROM DATABASECHANGELOGLOCK"))
        .containsExactly("1:0");
    for (String t : LiquibaseExample.TENANTS) {
      Path db = dir.resolve(t + ".db");
      assertThat(ExamplesTest.rows(db, "SELECT count(*) FROM DATABASECHANGELOGLOCK"))
          .containsExactly("0");
      // Tables of the changelog and lock, then per changeset the change and its history row.
      assertThat(
              ExamplesTest.rows(
                  db, "SELECT count(*) FROM _sharedschema_applied WHERE state = 'RunSuccess'"))
          .containsExactly("6");
    }
    try (SharedSchema fleet = SharedSchema.open(schemaDb)) {
      assertThat(fleet.check()).isEmpty();
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Liquibase update made 6 migration jobs")
        .contains("Liquibase update again (nothing to run) made 0 migration jobs")
        .contains("t3: DATABASECHANGELOG changesets 1,2");
  }

  @Test
  void anUpdateOfOneChangesetCostsTwoJobsWithTheLocalLockTableAndFourWithout() throws Exception {
    assertThat(jobsOfAnUpdateOfOneChangeset(dir.resolve("local"), true)).isEqualTo(2);
    assertThat(jobsOfAnUpdateOfOneChangeset(dir.resolve("propagated"), false)).isEqualTo(4);
  }

  /** Jobs of the second of two updates, the one that runs changeset 2 alone. */
  private static int jobsOfAnUpdateOfOneChangeset(Path dir, boolean localLockTable)
      throws Exception {
    Path schemaDb = LiquibaseExample.fleet(dir, List.of("a", "b"));
    DataSource schema = LiquibaseExample.schemaDataSource(schemaDb, localLockTable);
    LiquibaseExample.update(schemaDb, schema, FIRST_ONLY);
    int jobs = LiquibaseExample.update(schemaDb, schema, LiquibaseExample.CHANGELOG);
    assertThat(LiquibaseExample.update(schemaDb, schema, LiquibaseExample.CHANGELOG))
        .as("Liquibase 4.33 finds nothing to run before it takes its lock: a no-op costs nothing")
        .isZero();
    for (String t : List.of("a", "b")) {
      Path db = dir.resolve(t + ".db");
      assertThat(
              ExamplesTest.rows(db, "SELECT name FROM pragma_table_info('customer') ORDER BY cid"))
          .containsExactly("id", "name", "email");
      assertThat(ExamplesTest.rows(db, "SELECT ID FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED"))
          .containsExactly("1", "2");
      assertThat(
              ExamplesTest.rows(db, "SELECT count(*) FROM DATABASECHANGELOGLOCK WHERE LOCKED = 1"))
          .containsExactly("0");
    }
    try (SharedSchema fleet = SharedSchema.open(schemaDb)) {
      assertThat(fleet.check()).isEmpty();
    }
    return jobs;
  }
}
