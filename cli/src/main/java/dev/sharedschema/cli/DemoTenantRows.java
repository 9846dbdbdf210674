package dev.sharedschema.cli;

import dev.sharedschema.driver.SharedSchemaDriver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Tenant data in the demo, written and read through the driver's linked URL as an application
 * would, to show that a migration keeps each tenant's rows.
 */
final class DemoTenantRows {
  private DemoTenantRows() {}

  /** The linked URL of {@code tenant}; the schema path is percent-encoded as the driver expects. */
  static String url(Path tenant, Path schema) {
    return "jdbc:sharedschema:sqlite:"
        + tenant
        + "?shared_schema_name="
        + percentEncode(schema.toString());
  }

  static void write(Path tenant, Path schema) throws SQLException {
    SharedSchemaDriver.register();
    try (Connection c = DriverManager.getConnection(url(tenant, schema))) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        for (String sql : DemoResources.statements(DemoResources.SAMPLE)) {
          st.executeUpdate(sql);
        }
      }
      c.commit();
    }
  }

  /** {@code Ada Lovelace (plan team, loyalty_tier bronze)} for each customer of {@code tenant}. */
  static List<String> customers(Path tenant, Path schema) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url(tenant, schema));
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT c.name, p.name, c.loyalty_tier FROM customers c JOIN plans p ON p.id = c.plan_id ORDER BY c.id")) {
      while (rs.next()) {
        out.add(
            rs.getString(1)
                + " (plan "
                + rs.getString(2)
                + ", loyalty_tier "
                + rs.getString(3)
                + ")");
      }
    }
    return out;
  }

  private static String percentEncode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "/._-~".indexOf(c) >= 0)) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
