package dev.sharedschema.parser.internal;

import dev.sharedschema.parser.Pragma;
import dev.sharedschema.parser.StatementKind;

/**
 * Decides whether a statement's outcome is fixed by the schema alone, whatever rows the tables
 * hold: applied to two databases with the same schema, it succeeds on both or fails on both with
 * the same error (short of I/O errors such as a full disk). The scheduler uses it to prove a linked
 * database's dry run from the schema database's own when both schemas are identical.
 *
 * <p>Deliberately narrow; anything not listed is not schema-determined, which only costs a full dry
 * run. Listed: {@code CREATE TABLE} (not {@code AS SELECT}), {@code CREATE VIEW}, {@code CREATE
 * TRIGGER}, {@code DROP VIEW|TRIGGER|INDEX}, {@code ALTER TABLE … RENAME …}, {@code ALTER TABLE …
 * ADD [COLUMN]} without {@code NOT NULL}, {@code CHECK}, {@code REFERENCES}, a generated column or
 * a non-constant default (SQLite checks those against existing rows, or refuses them only when the
 * table has rows), and {@code PRAGMA user_version|application_id = n}. Not listed, because rows
 * change their outcome: {@code CREATE INDEX} (unique keys, expressions that fail on a value),
 * {@code DROP TABLE} (foreign-key actions), {@code DROP COLUMN}, virtual tables, and every data
 * write.
 *
 * <p>Tokens cannot show a table's definition, and some tables make even a plain {@code ADD COLUMN}
 * depend on rows: SQLite type-checks every row of a {@code STRICT} table and evaluates its {@code
 * CHECK}s. So "schema-determined" here is necessary, not sufficient: the scheduler's own dry run on
 * the schema database refuses to prove a migration that names a {@code STRICT} table or one with
 * {@code CHECK} constraints or generated columns (its {@code RowCheckedTables}).
 */
final class SchemaDeterminedRule {
  private SchemaDeterminedRule() {}

  static boolean test(TokenList t, int from, int to, StatementKind kind, boolean temp, Pragma p) {
    if (temp) {
      return false;
    }
    if (kind != StatementKind.SCHEMA_CHANGE) {
      return false;
    }
    if (p != null) {
      String name = p.name().toLowerCase(java.util.Locale.ROOT);
      return p.setsValue() && (name.equals("user_version") || name.equals("application_id"));
    }
    if (t.contentIs(from, "create")) {
      return created(t, from + 1, to);
    }
    if (t.contentIs(from, "drop")) {
      int i = from + 1;
      return i < to
          && (t.contentIs(i, "view") || t.contentIs(i, "trigger") || t.contentIs(i, "index"));
    }
    if (t.contentIs(from, "alter")) {
      return altered(t, from + 1, to);
    }
    return false;
  }

  /** {@code CREATE TABLE} without a {@code SELECT}, {@code CREATE VIEW}, {@code CREATE TRIGGER}. */
  private static boolean created(TokenList t, int i, int to) {
    if (i >= to) {
      return false;
    }
    if (t.contentIs(i, "view") || t.contentIs(i, "trigger")) {
      return true;
    }
    return t.contentIs(i, "table") && !contains(t, i, to, "select");
  }

  /**
   * {@code ALTER TABLE name RENAME …}, or {@code ADD [COLUMN]} of a column SQLite checks no row
   * for.
   */
  private static boolean altered(TokenList t, int i, int to) {
    // ALTER TABLE [schema .] name <action>: the action is the word right after the name, so a
    // table called "rename" or "add" is not mistaken for one.
    if (i >= to || !t.contentIs(i, "table")) {
      return false;
    }
    int action = i + 2;
    if (action < to && t.type(action) == TokenType.DOT) {
      action += 2;
    }
    if (action >= to || t.type(action) != TokenType.WORD) {
      return false;
    }
    if (!t.contentIs(action, "rename") && !t.contentIs(action, "add")) {
      return false;
    }
    if (t.contentIs(action, "rename")) {
      return true;
    }
    for (int k = action + 1; k < to; k++) {
      if (t.type(k) != TokenType.WORD) {
        continue;
      }
      for (String rowChecked : ROW_CHECKED_WORDS) {
        if (t.contentIs(k, rowChecked)) {
          return false;
        }
      }
      if (t.contentIs(k, "default") && k + 1 < to && t.type(k + 1) == TokenType.LPAREN) {
        return false; // an expression default: refused only when the table has rows
      }
    }
    return true;
  }

  /**
   * Words of a column definition that make SQLite look at existing rows (or refuse only a non-empty
   * table): NOT NULL, CHECK, REFERENCES, generated columns, time defaults.
   */
  private static final String[] ROW_CHECKED_WORDS = {
    "not",
    "check",
    "references",
    "generated",
    "as",
    "current_time",
    "current_date",
    "current_timestamp"
  };

  private static boolean contains(TokenList t, int from, int to, String lowerWord) {
    for (int k = from; k < to; k++) {
      if (t.type(k) == TokenType.WORD && t.contentIs(k, lowerWord)) {
        return true;
      }
    }
    return false;
  }
}
