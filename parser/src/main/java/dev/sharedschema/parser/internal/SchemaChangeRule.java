package dev.sharedschema.parser.internal;

import dev.sharedschema.parser.StatementKind;

/** {@code CREATE}, {@code ALTER TABLE} and {@code DROP} of tables, indexes, views and triggers. */
final class SchemaChangeRule {
  private SchemaChangeRule() {}

  /**
   * {@code CREATE [TEMP|TEMPORARY] [UNIQUE] [VIRTUAL] TABLE|INDEX|VIEW|TRIGGER [IF NOT EXISTS]
   * [schema.]name …}. The target is the created object (for an index, the index).
   */
  static Verdict create(TokenCursor c, StatementFacts facts) {
    c.advance();
    boolean temp = c.accept(Keyword.TEMP) || c.accept(Keyword.TEMPORARY);
    c.accept(Keyword.UNIQUE);
    c.accept(Keyword.VIRTUAL);
    Keyword object = c.keyword();
    if (!isObject(object)) {
      return Verdict.UNKNOWN;
    }
    c.advance();
    if (c.accept(Keyword.IF)) {
      c.accept(Keyword.NOT);
      c.accept(Keyword.EXISTS);
    }
    QualifiedName name = c.qualifiedName();
    if (name == null) {
      return Verdict.UNKNOWN;
    }
    boolean reserved = name.isReserved();
    if (object == Keyword.INDEX && c.accept(Keyword.ON)) {
      QualifiedName table = c.qualifiedName();
      reserved |= table != null && table.isReserved();
    }
    // A trigger or view runs its body later, with our rights: any mention of ours is refused.
    if (object == Keyword.TRIGGER || object == Keyword.VIEW) {
      reserved |= facts.mentionsReserved();
    }
    return change(name, temp || name.isTemp(), reserved);
  }

  /** {@code ALTER TABLE [schema.]name RENAME TO new | RENAME [COLUMN] … | ADD … | DROP …}. */
  static Verdict alter(TokenCursor c) {
    c.advance();
    if (!c.accept(Keyword.TABLE)) {
      return Verdict.UNKNOWN;
    }
    QualifiedName name = c.qualifiedName();
    if (name == null) {
      return Verdict.UNKNOWN;
    }
    boolean reserved = name.isReserved();
    if (c.accept(Keyword.RENAME) && c.accept(Keyword.TO)) {
      QualifiedName renamed = c.qualifiedName();
      reserved |= renamed != null && renamed.isReserved();
    }
    return change(name, name.isTemp(), reserved);
  }

  /** {@code DROP TABLE|INDEX|VIEW|TRIGGER [IF EXISTS] [schema.]name}. */
  static Verdict drop(TokenCursor c) {
    c.advance();
    if (!isObject(c.keyword())) {
      return Verdict.UNKNOWN;
    }
    c.advance();
    if (c.accept(Keyword.IF)) {
      c.accept(Keyword.EXISTS);
    }
    QualifiedName name = c.qualifiedName();
    return name == null ? Verdict.UNKNOWN : change(name, name.isTemp(), name.isReserved());
  }

  private static boolean isObject(Keyword k) {
    return k == Keyword.TABLE || k == Keyword.INDEX || k == Keyword.VIEW || k == Keyword.TRIGGER;
  }

  private static Verdict change(QualifiedName name, boolean temp, boolean reserved) {
    return new Verdict(StatementKind.SCHEMA_CHANGE, name.name(), temp, reserved, null, false);
  }
}
