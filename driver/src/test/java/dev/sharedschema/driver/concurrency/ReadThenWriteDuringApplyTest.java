package dev.sharedschema.driver.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction that reads before it writes (the usual shape: load, then update) on a linked
 * database, begun while a migration is being applied there. SQLite fails such a transaction's first
 * write at once with SQLITE_BUSY, without waiting, when another connection holds the file's
 * RESERVED lock while it holds a read lock. A migration task that took only RESERVED ({@code BEGIN
 * IMMEDIATE}) let the transaction read and then fail; a task that holds the file exclusively makes
 * the first read wait (within the connection's busy timeout) instead, and the transaction commits.
 */
@Tag("slow")
class ReadThenWriteDuringApplyTest {
  /**
   * A migration that spends as long on a database as its {@code knob} row says and writes one row
   * (no cache spill, which would take the exclusive lock anyway).
   */
  private static final String SLOW_MIGRATION =
      "INSERT INTO slow(n) WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c"
          + " WHERE i < (SELECT n FROM knob)) SELECT count(*) FROM c";

  @TempDir Path dir;

  /**
   * One worker, so the tasks go: dry run of {@code a.db} (slow), dry run of {@code b.db}, runs. The
   * transaction on {@code a.db} begins during its dry run and commits before its run; its write
   * makes {@code a.db}'s run fast, and shows in what the run recorded.
   */
  @Test
  @Timeout(120)
  void aReadThenWriteTransactionBegunDuringTheApplyWaitsAndCommits() throws Exception {
    Path schema = dir.resolve("schema.db");
    Path a = dir.resolve("a.db");
    Path b = dir.resolve("b.db");
    try (Connection c = DriverManager.getConnection(schemaUrl(schema));
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE slow(n INTEGER)");
      st.execute("CREATE TABLE knob(n INTEGER)");
    }
    setKnob(a, schema, 3_000_000);
    setKnob(b, schema, 1_000_000);

    try (Connection tx = DriverManager.getConnection("jdbc:sharedschema:sqlite:" + a)) {
      tx.setAutoCommit(false);
      CompletableFuture<Void> migration =
          CompletableFuture.runAsync(
              () -> {
                try (Connection c = DriverManager.getConnection(schemaUrl(schema));
                    Statement st = c.createStatement()) {
                  st.execute(SLOW_MIGRATION);
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      waitUntilSomeoneHoldsTheWriteLock(a, migration);

      try (Statement st = tx.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT n FROM knob")) {
          assertThat(rs.next()).isTrue();
        }
        assertThat(migration).as("the migration is still running").isNotDone();
        assertThat(st.executeUpdate("UPDATE knob SET n = 1")).isEqualTo(1);
      }
      tx.commit();
      migration.get(60, TimeUnit.SECONDS);
    }
    assertThat(WritersDuringMigrationsTest.column(a, "SELECT n FROM slow"))
        .as("a.db was migrated once, after the transaction committed")
        .containsExactly("1");
    assertThat(WritersDuringMigrationsTest.column(b, "SELECT n FROM slow"))
        .containsExactly("1000000");
  }

  private static void setKnob(Path tenant, Path schema, int n) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sharedschema:sqlite:" + tenant + "?shared_schema_name=" + schema);
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO knob(n) VALUES (" + n + ")");
    }
  }

  /**
   * Polls with {@code BEGIN IMMEDIATE} and no busy wait: nobody else writes to the tenant, so the
   * first refusal means a migration task holds it.
   */
  private static void waitUntilSomeoneHoldsTheWriteLock(
      Path tenant, CompletableFuture<Void> migration) throws Exception {
    try (Connection probe = DriverManager.getConnection("jdbc:sqlite:" + tenant);
        Statement st = probe.createStatement()) {
      st.execute("PRAGMA busy_timeout = 0");
      while (true) {
        assertThat(migration).as("the migration ended before it was seen applying").isNotDone();
        try {
          st.execute("BEGIN IMMEDIATE");
          st.execute("ROLLBACK");
        } catch (SQLException busy) {
          return;
        }
        Thread.sleep(1);
      }
    }
  }

  /** One worker; each scheduler here is made anew by the first connection, with these options. */
  private static String schemaUrl(Path schema) {
    return "jdbc:sharedschema:sqlite:" + schema + "?shared_schema=true&shared_schema_workers=1";
  }
}
