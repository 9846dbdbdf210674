package dev.sharedschema.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.scheduler.internal.Codec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema-only statement (the driver's {@code shared_schema_local_tables}) is applied to the
 * schema database in the job's final step and skipped on every linked database.
 */
class SchemaOnlyStatementTest {
  @TempDir Path dir;

  @Test
  void aSchemaOnlyStatementReachesTheSchemaDatabaseOnlyInTheSameJob() throws Exception {
    Fleet f =
        Fleet.create(
            dir, 3, "CREATE TABLE t(v TEXT)", "CREATE TABLE lock(id INTEGER, locked INTEGER)");
    try (Scheduler s = f.scheduler()) {
      Migration m =
          new Migration(
              List.of(
                  MigrationStatement.of("INSERT INTO t VALUES ('everywhere')"),
                  new MigrationStatement("INSERT INTO lock VALUES (?, 1)", List.of(7L), true),
                  MigrationStatement.of("INSERT INTO t VALUES ('too')")),
              Map.of());
      MigrationResult r = s.migrate(m, null);
      assertThat(r.statements().get(1).updateCount()).isEqualTo(1);
      for (Path db : f.linked) {
        assertThat(Fleet.column(db, "SELECT v FROM t")).containsExactly("everywhere", "too");
        assertThat(Fleet.column(db, "SELECT count(*) FROM lock")).containsExactly("0");
        assertThat(Fleet.appliedJobs(db)).containsExactly("1");
      }
      assertThat(Fleet.column(f.schema, "SELECT v FROM t")).containsExactly("everywhere", "too");
      assertThat(Fleet.column(f.schema, "SELECT id || ':' || locked FROM lock"))
          .containsExactly("7:1");
    }
  }

  @Test
  void aFailingSchemaOnlyStatementFailsOnTheSchemaDatabaseBeforeAnyJob() throws Exception {
    Fleet f = Fleet.create(dir, 2, "CREATE TABLE t(v TEXT)");
    try (Scheduler s = f.scheduler()) {
      Migration m =
          new Migration(
              List.of(
                  MigrationStatement.of("INSERT INTO t VALUES ('x')"),
                  MigrationStatement.of("INSERT INTO missing VALUES (1)").toSchemaOnly()),
              Map.of());
      assertThatThrownBy(() -> s.migrate(m, null))
          .isInstanceOf(MigrationFailedException.class)
          .hasMessageContaining("statement 2");
      assertThat(s.registry().headOfQueue()).isEmpty();
      for (Path db : f.linked) {
        assertThat(Fleet.column(db, "SELECT count(*) FROM t")).containsExactly("0");
      }
    }
  }

  @Test
  void theFlagSurvivesTheRegistryAndFormatOneEntriesStillRead() {
    Migration m =
        new Migration(
            List.of(
                MigrationStatement.of("INSERT INTO t VALUES (1)"),
                new MigrationStatement("UPDATE lock SET v = ?", List.of("x"), true)),
            Map.of("foreign_keys", "1"));
    assertThat(Codec.decodeMigration(Codec.encode(m))).isEqualTo(m);

    // Format 1, as written before the flag existed: one statement, no parameters, no pragmas.
    byte[] v1 = formatOne("DELETE FROM t");
    assertThat(Codec.decodeMigration(v1).statements())
        .containsExactly(MigrationStatement.of("DELETE FROM t"));
  }

  private static byte[] formatOne(String sql) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(0); // pragmas
      out.writeInt(1); // statements
      byte[] text = sql.getBytes(StandardCharsets.UTF_8);
      out.writeInt(text.length);
      out.write(text);
      out.writeInt(0); // parameters
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
