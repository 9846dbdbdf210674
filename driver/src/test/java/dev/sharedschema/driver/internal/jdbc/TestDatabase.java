package dev.sharedschema.driver.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** A real SQLite file, opened raw (plain sqlite-jdbc) or wrapped. */
final class TestDatabase {
  final Path file;
  final RecordingGate gate = new RecordingGate();

  TestDatabase(Path dir) {
    this.file = dir.resolve("test.db");
  }

  String url() {
    return "jdbc:sharedschema:sqlite:" + file;
  }

  Connection raw() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  Connection open() throws SQLException {
    return JdbcWrappers.wrap(raw(), new ConnectionContext(url(), gate));
  }

  void run(String... sql) throws SQLException {
    try (Connection c = raw();
        var s = c.createStatement()) {
      for (String text : sql) {
        s.executeUpdate(text);
      }
    }
  }

  boolean tableExists(String name) throws SQLException {
    try (Connection c = raw();
        var ps = c.prepareStatement("select count(*) from sqlite_master where name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  /** Every row of {@code rs} as strings, then closes it. */
  static List<List<String>> rows(ResultSet rs) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (rs) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /**
   * The SQLException {@code call} throws; fails the test if it throws nothing or something else.
   */
  static SQLException sqlFailure(ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).isInstanceOf(SQLException.class);
    return (SQLException) t;
  }
}
