package dev.sharedschema.driver;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for pools and frameworks: set the {@code jdbc:sharedschema:sqlite:…} URL
 * and, optionally, properties (ours or sqlite-jdbc's; they override the URL's).
 */
public class SharedSchemaDataSource implements DataSource {
  private final SharedSchemaDriver driver = new SharedSchemaDriver();
  private final Properties properties = new Properties();
  private volatile String url;
  private volatile int loginTimeout;
  private volatile PrintWriter logWriter;

  public SharedSchemaDataSource() {}

  public SharedSchemaDataSource(String url) {
    this.url = url;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  /** Sets one connection property, ours ({@link SharedSchemaProperty}) or sqlite-jdbc's. */
  public void setProperty(String key, String value) {
    synchronized (properties) {
      properties.setProperty(key, value);
    }
  }

  /** A copy of the properties set so far. */
  public Properties getProperties() {
    synchronized (properties) {
      Properties copy = new Properties();
      copy.putAll(properties);
      return copy;
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    String u = url;
    if (u == null) {
      throw new SQLException(
          "SharedSchemaDataSource has no URL: call setUrl(\"jdbc:sharedschema:sqlite:…\")",
          "08001");
    }
    Connection c = driver.connect(u, getProperties());
    if (c == null) {
      throw new SQLException(
          "not a sharedschema URL: " + u + " (expected jdbc:sharedschema:sqlite:<file>)", "08001");
    }
    return c;
  }

  /** SQLite has no users: the credentials are ignored, as sqlite-jdbc's own DataSource does. */
  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return driver.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("SharedSchemaDataSource does not wrap " + iface.getName(), "HY000");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
