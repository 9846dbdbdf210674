package dev.sharedschema.examples.springboot;

import com.zaxxer.hikari.HikariDataSource;
import dev.sharedschema.driver.SharedSchemaDriver;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * The application's DataSource: a HikariCP pool per tenant, each over the tenant's linked database,
 * chosen per request by {@link TenantContext}. A request without a tenant gets no connection (no
 * default pool), so data never lands in the wrong tenant.
 *
 * <p>The pools connect on first use, not at start: Flyway (auto-configured on the schema database)
 * runs while the context starts, and a tenant file opened later is created as a copy of the
 * migrated schema database, or, if it exists, has already been migrated with the rest.
 */
final class TenantDataSource extends AbstractRoutingDataSource implements DisposableBean {
  private final Map<String, HikariDataSource> pools = new LinkedHashMap<>();

  TenantDataSource(FleetProperties fleet) {
    for (String tenant : fleet.tenants()) {
      HikariDataSource pool = new HikariDataSource(); // connects on first getConnection()
      pool.setPoolName("tenant-" + tenant);
      pool.setDriverClassName(SharedSchemaDriver.class.getName());
      pool.setJdbcUrl(fleet.tenantUrl(tenant));
      pool.setMaximumPoolSize(4);
      pools.put(tenant, pool);
    }
    setTargetDataSources(new LinkedHashMap<>(pools));
    setLenientFallback(false);
  }

  boolean serves(String tenant) {
    return pools.containsKey(tenant);
  }

  @Override
  protected Object determineCurrentLookupKey() {
    String tenant = TenantContext.get();
    if (tenant == null) {
      throw new IllegalStateException(
          "no tenant for this thread: tenant data is only reachable inside a /tenants/{tenant}"
              + " request");
    }
    return tenant;
  }

  @Override
  public void destroy() {
    pools.values().forEach(HikariDataSource::close);
  }
}
