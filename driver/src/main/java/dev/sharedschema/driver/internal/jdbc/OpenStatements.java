package dev.sharedschema.driver.internal.jdbc;

import java.sql.SQLException;
import java.util.Arrays;

/**
 * The statements a connection has open, so that closing the connection closes them. A plain
 * growable array without locks: statements are usually closed in reverse order of opening (or soon
 * after), so {@link #remove} scans from the end and typically stops at the last slot. Like the
 * connection itself, it is not meant for concurrent use without external synchronisation; indexes
 * are bounds-checked so a race can only lose track of a statement, never throw.
 */
final class OpenStatements {
  private static final int INITIAL_CAPACITY = 8;

  private StatementWrapper<?>[] items = new StatementWrapper<?>[INITIAL_CAPACITY];
  private int size;

  <S extends StatementWrapper<?>> S add(S statement) {
    StatementWrapper<?>[] a = items;
    int n = size;
    if (n >= a.length) {
      a = Arrays.copyOf(a, Math.max(INITIAL_CAPACITY, n * 2));
      items = a;
    }
    a[n] = statement;
    size = n + 1;
    return statement;
  }

  void remove(StatementWrapper<?> statement) {
    StatementWrapper<?>[] a = items;
    int n = Math.min(size, a.length);
    for (int i = n - 1; i >= 0; i--) {
      if (a[i] == statement) {
        System.arraycopy(a, i + 1, a, i, n - 1 - i);
        a[n - 1] = null;
        size = n - 1;
        return;
      }
    }
  }

  int size() {
    return size;
  }

  /**
   * Closes and forgets every statement.
   *
   * @return the first failure (later ones suppressed in it), or null
   */
  SQLException closeAll() {
    StatementWrapper<?>[] a = items;
    int n = Math.min(size, a.length);
    items = new StatementWrapper<?>[INITIAL_CAPACITY];
    size = 0;
    SQLException failure = null;
    for (int i = n - 1; i >= 0; i--) {
      try {
        a[i].close();
      } catch (SQLException e) {
        failure = chain(failure, e);
      }
    }
    return failure;
  }

  static SQLException chain(SQLException first, SQLException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
