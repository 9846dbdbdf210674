package dev.sharedschema.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which statements have an outcome fixed by the schema alone. A false "yes" would let a linked
 * database skip a dry run that rows could fail, so the "no" list is the one that matters.
 */
class SchemaDeterminedTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ALTER TABLE t ADD COLUMN c INTEGER",
        "alter table main.t add c",
        "ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'x' COLLATE NOCASE",
        "ALTER TABLE t ADD COLUMN c DECIMAL(10, 2) DEFAULT -1",
        "ALTER TABLE t ADD COLUMN c INTEGER NULL DEFAULT NULL",
        "ALTER TABLE t RENAME TO u",
        "ALTER TABLE t RENAME COLUMN a TO b",
        "ALTER TABLE t RENAME a TO b",
        "ALTER TABLE main.t ADD COLUMN c",
        "ALTER TABLE \"add\" ADD COLUMN c INTEGER",
        "ALTER TABLE rename RENAME TO renamed",
        "CREATE TABLE u(id INTEGER PRIMARY KEY, name TEXT NOT NULL CHECK (name <> ''))",
        "CREATE TABLE IF NOT EXISTS u(a, b REFERENCES t(id))",
        "CREATE VIEW v AS SELECT * FROM t",
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; END",
        "DROP VIEW v",
        "DROP TRIGGER IF EXISTS tr",
        "DROP INDEX i",
        "PRAGMA user_version = 7",
        "PRAGMA application_id = 42",
      })
  void schemaDetermined(String sql) {
    assertThat(only(sql).schemaDetermined()).as(sql).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ALTER TABLE t ADD COLUMN c INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE t ADD COLUMN c INTEGER NOT NULL",
        "ALTER TABLE t ADD COLUMN c INTEGER CHECK (c > 0)",
        "ALTER TABLE t ADD COLUMN c INTEGER REFERENCES u(id)",
        "ALTER TABLE t ADD COLUMN c INTEGER GENERATED ALWAYS AS (a + 1)",
        "ALTER TABLE t ADD COLUMN c INTEGER AS (a + 1)",
        "ALTER TABLE t ADD COLUMN c TEXT DEFAULT CURRENT_TIMESTAMP",
        "ALTER TABLE t ADD COLUMN c INTEGER DEFAULT (random())",
        "ALTER TABLE t DROP COLUMN a",
        "ALTER TABLE t DROP a",
        "ALTER TABLE rename ADD COLUMN c INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE main.add ADD COLUMN c CHECK (c > 0)",
        "ALTER TABLE add DROP COLUMN rename",
        "CREATE TABLE u AS SELECT * FROM t",
        "CREATE INDEX i ON t(a)",
        "CREATE UNIQUE INDEX i ON t(a)",
        "CREATE VIRTUAL TABLE f USING fts5(x)",
        "CREATE TEMP TABLE x(a)",
        "CREATE TEMP VIEW v AS SELECT 1",
        "DROP TABLE t",
        "INSERT INTO t VALUES (1)",
        "UPDATE t SET a = 1",
        "DELETE FROM t",
        "SELECT 1",
        "PRAGMA user_version",
        "PRAGMA schema_version = 3",
        "REINDEX",
        "ANALYZE",
        "VACUUM",
        "ALTER TABLE t",
        "CREATE",
      })
  void notSchemaDetermined(String sql) {
    assertThat(only(sql).schemaDetermined()).as(sql).isFalse();
  }

  private static SqlStatement only(String sql) {
    ClassifiedSql c = SqlClassifier.shared().classify(sql);
    assertThat(c.statements()).hasSize(1);
    return c.statements().get(0);
  }
}
