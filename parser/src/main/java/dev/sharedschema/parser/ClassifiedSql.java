package dev.sharedschema.parser;

import java.util.List;

/**
 * The statements of one SQL text, in order, with summary facts computed once so that callers on a
 * hot path can decide with a field read. Immutable and shared through the classifier's cache.
 */
public final class ClassifiedSql {
  private final String sql;
  private final List<SqlStatement> statements;
  private final boolean allReads;
  private final boolean anyTransactionControl;

  public ClassifiedSql(String sql, List<SqlStatement> statements) {
    this.sql = sql;
    this.statements = List.copyOf(statements);
    boolean reads = true;
    boolean txn = false;
    for (SqlStatement s : this.statements) {
      reads &= s.kind() == StatementKind.READ;
      txn |= s.kind() == StatementKind.TRANSACTION_CONTROL;
    }
    this.allReads = reads;
    this.anyTransactionControl = txn;
  }

  /** The text that was classified. */
  public String sql() {
    return sql;
  }

  /** The non-empty statements in source order; empty for a text of only comments and semicolons. */
  public List<SqlStatement> statements() {
    return statements;
  }

  public int size() {
    return statements.size();
  }

  public boolean isEmpty() {
    return statements.isEmpty();
  }

  /** The first statement, or {@code null} for an empty text. */
  public SqlStatement first() {
    return statements.isEmpty() ? null : statements.get(0);
  }

  /**
   * True when every statement is a {@link StatementKind#READ} (and there is at least none that
   * writes).
   */
  public boolean allReads() {
    return allReads;
  }

  public boolean anyTransactionControl() {
    return anyTransactionControl;
  }

  @Override
  public String toString() {
    return "ClassifiedSql" + statements;
  }
}
