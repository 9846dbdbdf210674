package dev.sharedschema.driver.internal.jdbc;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * A {@link java.sql.DatabaseMetaData} result set without the rows that describe our own objects:
 * {@code _sharedschema_applied} (any name starting {@code _sharedschema}, any case) and the
 * automatic indexes SQLite makes for it ({@code sqlite_autoindex__sharedschema…}). {@link #next()}
 * skips a row when any of its name columns ({@code TABLE_NAME}, {@code PKTABLE_NAME}, {@code
 * FKTABLE_NAME}, {@code INDEX_NAME}) names such an object; the rest is generated pass-through.
 * {@code getRow()} still counts the skipped rows. Its statement is null, as JDBC allows for
 * metadata results, so sqlite-jdbc's internal statement never leaks.
 */
abstract class HidingResultSet extends ResultSetWrapper {
  private static final Set<String> NAME_COLUMNS =
      Set.of("TABLE_NAME", "PKTABLE_NAME", "FKTABLE_NAME", "INDEX_NAME");
  private static final String PREFIX = "_sharedschema";
  private static final String AUTOINDEX_PREFIX = "sqlite_autoindex_" + PREFIX;

  /** 1-based indexes of the name columns; null when every row is hidden. */
  private final int[] nameColumns;

  HidingResultSet(int[] nameColumns, ResultSet delegate) {
    super(null, delegate);
    this.nameColumns = nameColumns;
  }

  /**
   * @param rs a result set from sqlite-jdbc's {@code DatabaseMetaData}, or null
   * @param hideAll hide every row (the call was about one of our objects, but the result has no
   *     name column to tell)
   */
  static ResultSet of(ResultSet rs, boolean hideAll) throws SQLException {
    if (rs == null) {
      return null;
    }
    return Generated.FACTORY.create(hideAll ? null : nameColumns(rs.getMetaData()), rs);
  }

  /** True for the name of one of our objects, which metadata never lists. */
  static boolean isHidden(String name) {
    return name != null
        && (name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
            || name.regionMatches(true, 0, AUTOINDEX_PREFIX, 0, AUTOINDEX_PREFIX.length()));
  }

  private static int[] nameColumns(ResultSetMetaData meta) throws SQLException {
    int count = meta.getColumnCount();
    int[] found = new int[count];
    int n = 0;
    for (int i = 1; i <= count; i++) {
      if (NAME_COLUMNS.contains(meta.getColumnLabel(i).toUpperCase(Locale.ROOT))) {
        found[n++] = i;
      }
    }
    return Arrays.copyOf(found, n);
  }

  @Override
  public boolean next() throws SQLException {
    if (nameColumns == null) {
      return false;
    }
    while (delegate.next()) {
      if (!hiddenRow()) {
        return true;
      }
    }
    return false;
  }

  private boolean hiddenRow() throws SQLException {
    for (int column : nameColumns) {
      if (isHidden(delegate.getString(column))) {
        return true;
      }
    }
    return false;
  }

  private static final class Generated {
    static final WrapperFactory<int[], ResultSet, HidingResultSet> FACTORY =
        DelegateGenerator.passThrough(HidingResultSet.class, ResultSet.class);
  }
}
