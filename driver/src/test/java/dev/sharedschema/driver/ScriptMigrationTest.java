package dev.sharedschema.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SharedSchema.migrate and submit refuse a script that would make a job for nothing. */
class ScriptMigrationTest {
  @TempDir Path dir;

  @Test
  void aScriptThatOnlyReadsIsRefusedBeforeAnyJob() throws SQLException {
    TestFleet f = TestFleet.create(dir, 2, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
    try (SharedSchema fleet = SharedSchema.open(f.schema)) {
      for (String reads :
          new String[] {"SELECT 1", "SELECT * FROM t; PRAGMA table_info(t)", "EXPLAIN SELECT 1"}) {
        assertThatThrownBy(() -> fleet.migrate(reads, null))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("the migration script writes nothing")
            .hasMessageContaining("statement 1: ")
            .hasMessageContaining(f.schema.toString())
            .extracting(e -> ((SQLException) e).getSQLState())
            .isEqualTo("42000");
        assertThatThrownBy(() -> fleet.submit(reads)).hasMessageContaining("writes nothing");
      }
      assertThat(f.jobCount()).isZero();
      // A read beside a write is part of a real migration.
      fleet.migrate("SELECT 1; INSERT INTO t VALUES (1)", null);
      assertThat(f.jobCount()).isEqualTo(1);
    }
  }
}
