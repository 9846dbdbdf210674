package dev.sharedschema.examples.hibernate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.sharedschema.driver.SharedSchemaDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.service.UnknownUnwrapTypeException;
import org.hibernate.service.spi.Stoppable;

/**
 * Database per tenant: tenant {@code id} is the linked database {@code <tenants>/<id>.db}, served
 * by its own small HikariCP pool, made on first use and closed when the session factory closes.
 *
 * <p>Hibernate's tenant-less work (dialect detection at boot, {@code hbm2ddl} validation) gets a
 * connection to the schema database: it is the source of truth for every tenant's schema, and reads
 * there never touch tenant data.
 */
public final class TenantConnections implements MultiTenantConnectionProvider<String>, Stoppable {
  /** Ids become file names: no separators, no dots, so no id can reach outside the directory. */
  private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private static final int POOL_SIZE = 2;

  private final Path schemaDb;
  private final Path tenantsDir;
  private final SharedSchemaDataSource schema;
  private final ConcurrentHashMap<String, HikariDataSource> pools = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  public TenantConnections(Path schemaDb, Path tenantsDir) {
    this.schemaDb = schemaDb.toAbsolutePath().normalize();
    this.tenantsDir = tenantsDir.toAbsolutePath().normalize();
    this.schema =
        new SharedSchemaDataSource(
            "jdbc:sharedschema:sqlite:" + this.schemaDb + "?shared_schema=true");
  }

  /** The linked database of {@code tenant}. */
  public static Path tenantDatabase(Path tenantsDir, String tenant) {
    return tenantsDir.resolve(tenant + ".db");
  }

  @Override
  public Connection getAnyConnection() throws SQLException {
    return schema.getConnection();
  }

  @Override
  public void releaseAnyConnection(Connection connection) throws SQLException {
    connection.close();
  }

  @Override
  public Connection getConnection(String tenant) throws SQLException {
    return pool(tenant).getConnection();
  }

  @Override
  public void releaseConnection(String tenant, Connection connection) throws SQLException {
    connection.close();
  }

  /** Connections go back to the pool at transaction end, not after each statement. */
  @Override
  public boolean supportsAggressiveRelease() {
    return false;
  }

  /** The tenants whose pool is open, for monitoring. */
  public Set<String> openPools() {
    return new TreeSet<>(pools.keySet());
  }

  /** Called by Hibernate when the session factory closes. */
  @Override
  public void stop() {
    stopped = true;
    pools.values().forEach(HikariDataSource::close);
    pools.clear();
  }

  @Override
  public boolean isUnwrappableAs(Class<?> type) {
    return type.isInstance(this);
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new UnknownUnwrapTypeException(type);
  }

  private HikariDataSource pool(String tenant) throws SQLException {
    HikariDataSource pool = pools.get(tenant);
    if (pool != null) {
      return pool;
    }
    if (stopped) {
      throw new SQLException("the session factory is closed", "08003");
    }
    Path db = tenantDatabase(tenantsDir, checkedId(tenant));
    // A linked URL for a missing file would create (provision) a tenant: that is an operator's
    // decision (SharedSchema.link), not something a typo in a request should do.
    if (!Files.isRegularFile(db)) {
      throw new SQLException(
          "unknown tenant '"
              + tenant
              + "': no database "
              + db
              + "; link it first (SharedSchema.link)",
          "08001");
    }
    try {
      return pools.computeIfAbsent(tenant, t -> newPool(t, db));
    } catch (HikariPool.PoolInitializationException e) {
      throw new SQLException(
          "cannot open tenant '" + tenant + "' (" + db + "): " + e.getMessage(), "08001", e);
    }
  }

  private static String checkedId(String tenant) throws SQLException {
    if (tenant == null || !TENANT_ID.matcher(tenant).matches()) {
      throw new SQLException(
          "invalid tenant id '" + tenant + "': use 1 to 64 letters, digits, '_' or '-'", "08001");
    }
    return tenant;
  }

  private HikariDataSource newPool(String tenant, Path db) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("tenant-" + tenant);
    config.setDriverClassName("dev.sharedschema.driver.SharedSchemaDriver");
    config.setJdbcUrl("jdbc:sharedschema:sqlite:" + db + "?shared_schema_name=" + schemaDb);
    // SQLite has one writer per file: a couple of connections per tenant is plenty, and an idle
    // tenant gives its file handles back.
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(0);
    config.setIdleTimeout(TimeUnit.SECONDS.toMillis(60));
    return new HikariDataSource(config);
  }
}
