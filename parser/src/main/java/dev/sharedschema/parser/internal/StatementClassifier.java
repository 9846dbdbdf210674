package dev.sharedschema.parser.internal;

import dev.sharedschema.parser.SqlStatement;
import dev.sharedschema.parser.StatementKind;

/**
 * Classifies one statement from its leading keywords, with the rules of DESIGN.md §4/§5. Anything
 * it does not recognise is {@link StatementKind#UNKNOWN}, which callers treat as a write: a
 * statement is a READ only when we are sure.
 */
final class StatementClassifier {
  private StatementClassifier() {}

  /** Classifies the tokens {@code [from, to)} of {@code tokens}; {@code number} is 1-based. */
  public static SqlStatement classify(TokenList tokens, int from, int to, int number) {
    int start = tokens.start(from);
    int end = tokens.end(to - 1);
    String sql = tokens.source().substring(start, end);
    StatementFacts facts = StatementFacts.scan(tokens, from, to);
    Verdict v = decide(new TokenCursor(tokens, from, to), facts);
    StatementKind kind = v.kind();
    if (kind == StatementKind.READ && facts.unterminated()) {
      kind = StatementKind.UNKNOWN; // SQLite rejects it; what it would have been is a guess
    }
    boolean temp = v.temp();
    if (!temp && facts.tempQualifiers() > 0) {
      // "temp.x" may be a column of a table aliased temp: only JSqlParser can tell, and it is
      // consulted only here, where the lexer cannot decide.
      boolean refinable = kind == StatementKind.READ || kind == StatementKind.DATA_WRITE;
      temp = !refinable || JSqlRefiner.namesTempTable(sql, facts.maxDepth());
    }
    return new SqlStatement(
        sql,
        start,
        end,
        number,
        kind,
        temp,
        v.writesReserved(),
        v.target(),
        v.pragma(),
        v.returnsRows(),
        SchemaDeterminedRule.test(tokens, from, to, kind, temp, v.pragma()));
  }

  /** An UNKNOWN statement for the range, used when classifying it failed unexpectedly. */
  public static SqlStatement unknown(String source, int start, int end, int number) {
    return new SqlStatement(
        source.substring(start, end),
        start,
        end,
        number,
        StatementKind.UNKNOWN,
        false,
        false,
        null,
        null,
        false,
        false);
  }

  private static Verdict decide(TokenCursor c, StatementFacts facts) {
    Keyword first = c.keyword();
    if (first == null) {
      return Verdict.UNKNOWN;
    }
    return switch (first) {
      case SELECT, VALUES -> Verdict.READ;
      case WITH -> DataWriteRule.with(c, facts);
      case INSERT, REPLACE, UPDATE, DELETE -> DataWriteRule.write(c, facts);
      case CREATE -> SchemaChangeRule.create(c, facts);
      case ALTER -> SchemaChangeRule.alter(c);
      case DROP -> SchemaChangeRule.drop(c);
      case PRAGMA -> PragmaParser.parse(c);
      case BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE ->
          Verdict.of(StatementKind.TRANSACTION_CONTROL);
      case REINDEX, ANALYZE -> named(c, StatementKind.FILE_WRITE);
      case VACUUM -> Verdict.of(StatementKind.CONNECTION_LOCAL);
      case ATTACH -> attach(c);
      case DETACH -> detach(c);
      case EXPLAIN -> explain(c);
      default -> Verdict.UNKNOWN;
    };
  }

  /** {@code REINDEX [name]}, {@code ANALYZE [name]}: the optional name is the target. */
  private static Verdict named(TokenCursor c, StatementKind kind) {
    c.advance();
    return Verdict.of(kind, c.qualifiedName());
  }

  /** EXPLAIN only compiles the statement and lists its program: a read, whatever follows. */
  private static Verdict explain(TokenCursor c) {
    c.advance();
    if (c.accept(Keyword.QUERY) && !c.accept(Keyword.PLAN)) {
      return Verdict.UNKNOWN;
    }
    return c.atEnd() ? Verdict.UNKNOWN : Verdict.READ;
  }

  /** {@code ATTACH [DATABASE] expr AS name}: the alias is the target. */
  private static Verdict attach(TokenCursor c) {
    c.advance();
    QualifiedName alias = c.skipPast(Keyword.AS) ? c.qualifiedName() : null;
    return alias == null
        ? Verdict.of(StatementKind.ATTACH)
        : new Verdict(StatementKind.ATTACH, alias.name(), false, alias.isReserved(), null, false);
  }

  /** {@code DETACH [DATABASE] name}; {@code DETACH database} detaches a schema named database. */
  private static Verdict detach(TokenCursor c) {
    c.advance();
    if (c.is(Keyword.DATABASE) && c.hasNext()) {
      c.advance();
    }
    QualifiedName name = c.qualifiedName();
    return new Verdict(
        StatementKind.DETACH, name == null ? null : name.name(), false, false, null, false);
  }
}
