package dev.sharedschema.driver;

import dev.sharedschema.driver.internal.ConnectionOpener;
import dev.sharedschema.driver.internal.ConnectionSpec;
import dev.sharedschema.driver.internal.DriverVersion;
import dev.sharedschema.parser.SqlClassifier;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import org.sqlite.JDBC;

/**
 * The JDBC driver for {@code jdbc:sharedschema:sqlite:…} URLs. Registered with {@link
 * DriverManager} through {@code META-INF/services/java.sql.Driver} and when this class is loaded.
 */
public final class SharedSchemaDriver implements Driver {
  /** The first number of sharedschema's version (not sqlite-jdbc's). */
  public static final int MAJOR_VERSION = DriverVersion.current().major();

  /** The second number of sharedschema's version (not sqlite-jdbc's). */
  public static final int MINOR_VERSION = DriverVersion.current().minor();

  static {
    try {
      DriverManager.registerDriver(new SharedSchemaDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ConnectionOpener opener =
      new ConnectionOpener(SqlClassifier.shared(), Clock.systemUTC());

  /** Makes sure the driver is registered; a no-op after the first call. */
  public static void register() {
    // Loading the class runs the static initialiser.
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null; // JDBC: another driver may accept it.
    }
    return opener.open(ConnectionSpec.parse(url, info));
  }

  @Override
  public boolean acceptsURL(String url) {
    return ConnectionSpec.accepts(url);
  }

  /** Our keys first, then sqlite-jdbc's, each with a description. */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    List<DriverPropertyInfo> out = new ArrayList<>();
    for (SharedSchemaProperty p : SharedSchemaProperty.values()) {
      String given = info == null ? null : info.getProperty(p.key());
      DriverPropertyInfo d =
          new DriverPropertyInfo(p.key(), given != null ? given : p.defaultValue());
      d.description = p.description();
      d.choices = p.choices();
      d.required = false;
      out.add(d);
    }
    String sqliteUrl = ConnectionSpec.SQLITE_PREFIX;
    if (acceptsURL(url)) {
      sqliteUrl = ConnectionSpec.parse(url, info).sqliteUrl();
    }
    for (DriverPropertyInfo d : new JDBC().getPropertyInfo(sqliteUrl, info)) {
      out.add(d);
    }
    return out.toArray(new DriverPropertyInfo[0]);
  }

  @Override
  public int getMajorVersion() {
    return MAJOR_VERSION;
  }

  @Override
  public int getMinorVersion() {
    return MINOR_VERSION;
  }

  /** SQLite is not a full SQL-92 engine, so like sqlite-jdbc we do not claim compliance. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("dev.sharedschema");
  }
}
