package dev.sharedschema.examples.hibernate;

import org.hibernate.SessionFactory;
import org.hibernate.cfg.JdbcSettings;
import org.hibernate.cfg.MultiTenancySettings;
import org.hibernate.cfg.SchemaToolingSettings;
import org.hibernate.community.dialect.SQLiteDialect;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;

/** The Hibernate set-up of the example: database per tenant over sharedschema. */
public final class TenantSessionFactory {
  private TenantSessionFactory() {}

  /**
   * A session factory whose sessions use the linked database of the current tenant ({@link
   * TenantContext}) and whose schema tooling runs {@code schemaAction} against the schema database
   * through {@link TenantConnections#getAnyConnection()}. Closing the factory closes the pools.
   *
   * @param schemaAction {@link Action#VALIDATE} (the supported path: schema changes are Flyway
   *     migrations on the schema database) or {@link Action#NONE}; what the other actions do here
   *     is in docs/hibernate.md
   */
  public static SessionFactory build(
      TenantConnections connections, Action schemaAction, Class<?>... entities) {
    HibernatePersistenceConfiguration config = new HibernatePersistenceConfiguration("tenants");
    for (Class<?> entity : entities) {
      config.managedClass(entity);
    }
    config
        .property(MultiTenancySettings.MULTI_TENANT_CONNECTION_PROVIDER, connections)
        .property(MultiTenancySettings.MULTI_TENANT_IDENTIFIER_RESOLVER, new TenantContext())
        .property(JdbcSettings.DIALECT, SQLiteDialect.class.getName())
        .property(SchemaToolingSettings.HBM2DDL_AUTO, schemaAction.getExternalHbm2ddlName())
        // Validation also checks the indexes the mapping declares (off by default).
        .property(SchemaToolingSettings.INDEX_VALIDATION, "all")
        // Fail, don't log and go on, if a schema statement is refused.
        .property(SchemaToolingSettings.HBM2DDL_HALT_ON_ERROR, true);
    return config.createEntityManagerFactory().unwrap(SessionFactory.class);
  }
}
