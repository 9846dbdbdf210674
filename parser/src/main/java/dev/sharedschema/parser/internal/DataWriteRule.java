package dev.sharedschema.parser.internal;

import dev.sharedschema.parser.StatementKind;

/**
 * {@code INSERT}, {@code REPLACE}, {@code UPDATE}, {@code DELETE} (upserts are INSERTs) and {@code
 * WITH …}, whose main verb follows the last common table expression.
 */
final class DataWriteRule {
  private DataWriteRule() {}

  /**
   * Skips the CTE bodies by parenthesis depth. The main verb is the first verb at depth 0 right
   * after a {@code )}: every CTE ends with its parenthesised body, and a CTE name can never be
   * SELECT, VALUES, INSERT, UPDATE or DELETE (reserved words). {@code REPLACE} can be a name, but a
   * name is never right after a body's {@code )}.
   */
  static Verdict with(TokenCursor c, StatementFacts facts) {
    c.advance();
    int depth = 0;
    while (!c.atEnd()) {
      TokenType type = c.type();
      c.advance();
      if (type == TokenType.LPAREN) {
        depth++;
      } else if (type == TokenType.RPAREN && --depth == 0) {
        Keyword verb = c.keyword();
        if (verb == Keyword.SELECT || verb == Keyword.VALUES) {
          return Verdict.READ;
        }
        if (isWriteVerb(verb)) {
          return write(c, facts);
        }
      }
    }
    return Verdict.UNKNOWN;
  }

  static boolean isWriteVerb(Keyword k) {
    return k == Keyword.INSERT
        || k == Keyword.REPLACE
        || k == Keyword.UPDATE
        || k == Keyword.DELETE;
  }

  /** The cursor is on the verb. */
  static Verdict write(TokenCursor c, StatementFacts facts) {
    Keyword verb = c.keyword();
    c.advance();
    boolean ok =
        switch (verb) {
          case INSERT -> skipConflictClause(c) && c.accept(Keyword.INTO);
          case REPLACE -> c.accept(Keyword.INTO);
          case UPDATE -> skipConflictClause(c);
          case DELETE -> c.accept(Keyword.FROM);
          default -> false;
        };
    QualifiedName target = ok ? c.qualifiedName() : null;
    if (target == null) {
      return Verdict.UNKNOWN;
    }
    String name = target.name();
    // Writing SQLite's schema table (with writable_schema) edits the schema directly.
    boolean schemaTable = isSchemaTable(name);
    boolean tempSchemaTable =
        name.equalsIgnoreCase("sqlite_temp_master") || name.equalsIgnoreCase("sqlite_temp_schema");
    return new Verdict(
        schemaTable ? StatementKind.SCHEMA_CHANGE : StatementKind.DATA_WRITE,
        name,
        target.isTemp() || tempSchemaTable,
        target.isReserved(),
        null,
        facts.returning());
  }

  /** {@code OR ROLLBACK|ABORT|REPLACE|FAIL|IGNORE}; always succeeds, it only moves past it. */
  private static boolean skipConflictClause(TokenCursor c) {
    if (c.accept(Keyword.OR)) {
      c.advance();
    }
    return true;
  }

  private static boolean isSchemaTable(String name) {
    return name.equalsIgnoreCase("sqlite_master")
        || name.equalsIgnoreCase("sqlite_schema")
        || name.equalsIgnoreCase("sqlite_temp_master")
        || name.equalsIgnoreCase("sqlite_temp_schema");
  }
}
