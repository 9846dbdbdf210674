package dev.sharedschema.driver.differential;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain read-only sqlite-jdbc connections to every file of a sequence, kept open for its length:
 * each read sees what is committed in that file now, whoever wrote it.
 */
final class Readers implements AutoCloseable {
  private final Connection schema;
  private final Connection model;
  private final Connection registry;
  private final List<Connection> tenants = new ArrayList<>();

  Readers(Path schema, Path model, List<Path> tenants) throws SQLException {
    this.schema = open(schema);
    this.model = open(model);
    this.registry = open(Path.of(schema + ".sharedschema"));
    for (Path t : tenants) {
      this.tenants.add(open(t));
    }
  }

  private static Connection open(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file + "?open_mode=1");
  }

  String schema() throws SQLException {
    return DatabaseState.of(schema);
  }

  String model() throws SQLException {
    return DatabaseState.of(model);
  }

  String tenant(int i) throws SQLException {
    return DatabaseState.of(tenants.get(i));
  }

  /** The state of every job in the registry, oldest first. */
  List<String> jobs() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = registry.createStatement();
        ResultSet rs = st.executeQuery("SELECT state FROM _sharedschema_jobs ORDER BY id")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /**
   * How many jobs linked database {@code i} recorded as applied (not its link mark, nor the
   * baseline it was copied at).
   */
  int applied(int i) throws SQLException {
    try (Statement st = tenants.get(i).createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM _sharedschema_applied WHERE state = 'RunSuccess'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Override
  public void close() throws SQLException {
    schema.close();
    model.close();
    registry.close();
    for (Connection c : tenants) {
      c.close();
    }
  }
}
