package dev.sharedschema.driver.internal.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.Calendar;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnectionConfig;

/**
 * Turns JDBC parameter values into the SQLite values a migration carries (null, Long, Double,
 * String, byte[]), the way sqlite-jdbc would bind them on this connection, dates included (its
 * {@code date_class}, precision and format). What runs here and what runs on every linked database
 * is then the same value.
 */
final class SqliteValues {
  private static final double JULIAN_EPOCH = 2440587.5;
  private static final double MILLIS_PER_DAY = 86_400_000.0;

  private final SQLiteConnectionConfig config;

  SqliteValues(SQLiteConnectionConfig config) {
    this.config = config;
  }

  Object of(Object x) throws SQLException {
    if (x == null || x instanceof Long || x instanceof Double || x instanceof String) {
      return x;
    }
    if (x instanceof Integer || x instanceof Short || x instanceof Byte) {
      return ((Number) x).longValue();
    }
    if (x instanceof Float f) {
      return f.doubleValue();
    }
    if (x instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    if (x instanceof byte[] b) {
      return b.clone();
    }
    if (x instanceof BigDecimal d) {
      return d.toString(); // as sqlite-jdbc binds it
    }
    if (x instanceof java.util.Date d) {
      return date(d.getTime(), null);
    }
    if (x instanceof Blob b) {
      return b.getBytes(1, Math.toIntExact(b.length()));
    }
    if (x instanceof Clob c) {
      return c.getSubString(1, Math.toIntExact(c.length()));
    }
    if (x instanceof InputStream in) {
      return bytes(in, -1);
    }
    if (x instanceof Reader r) {
      return text(r, -1);
    }
    return x.toString(); // sqlite-jdbc's setObject binds any other object as its text
  }

  /**
   * A date, time or timestamp as sqlite-jdbc stores it for this connection's {@code date_class}.
   */
  Object date(long millis, Calendar calendar) {
    SQLiteConfig.DateClass dateClass = config.getDateClass();
    return switch (dateClass) {
      case TEXT -> {
        org.sqlite.date.FastDateFormat f = config.getDateFormat();
        if (calendar != null) {
          f =
              org.sqlite.date.FastDateFormat.getInstance(
                  config.getDateStringFormat(), calendar.getTimeZone());
        }
        yield f.format(new java.util.Date(millis));
      }
      case REAL -> millis / MILLIS_PER_DAY + JULIAN_EPOCH;
      default -> millis / config.getDateMultiplier();
    };
  }

  static byte[] bytes(InputStream in, long length) throws SQLException {
    try {
      return length < 0 ? in.readAllBytes() : in.readNBytes(Math.toIntExact(length));
    } catch (IOException e) {
      throw new SQLException("cannot read the stream parameter: " + e.getMessage(), "22000", e);
    }
  }

  static String text(Reader r, long length) throws SQLException {
    try {
      StringBuilder sb = new StringBuilder();
      char[] buf = new char[8192];
      long left = length < 0 ? Long.MAX_VALUE : length;
      int n;
      while (left > 0 && (n = r.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
        sb.append(buf, 0, n);
        left -= n;
      }
      return sb.toString();
    } catch (IOException e) {
      throw new SQLException(
          "cannot read the character stream parameter: " + e.getMessage(), "22000", e);
    }
  }

  static SQLException unsupported(String what) {
    return new SQLFeatureNotSupportedException(
        what
            + " parameters cannot travel with a migration; bind the value as a String, number or byte[]",
        "0A000");
  }

  /** Binds a carried value on a sqlite-jdbc statement, for running it here as well. */
  static void bind(PreparedStatement ps, int index, Object v) throws SQLException {
    if (v == null) {
      ps.setNull(index, Types.NULL);
    } else if (v instanceof Long l) {
      ps.setLong(index, l);
    } else if (v instanceof Double d) {
      ps.setDouble(index, d);
    } else if (v instanceof String s) {
      ps.setString(index, s);
    } else {
      ps.setBytes(index, (byte[]) v);
    }
  }
}
