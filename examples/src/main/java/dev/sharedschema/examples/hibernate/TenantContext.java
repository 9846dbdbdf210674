package dev.sharedschema.examples.hibernate;

import java.util.function.Supplier;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

/**
 * The tenant of the current thread, as a web filter or message listener would set it per request.
 * Hibernate asks it for the tenant of every session opened without an explicit one.
 */
public final class TenantContext implements CurrentTenantIdentifierResolver<String> {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  /** Runs {@code work} with {@code tenant} as the current tenant of this thread. */
  public static <T> T callAs(String tenant, Supplier<T> work) {
    String outer = CURRENT.get();
    CURRENT.set(tenant);
    try {
      return work.get();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  public static void runAs(String tenant, Runnable work) {
    callAs(
        tenant,
        () -> {
          work.run();
          return null;
        });
  }

  /**
   * Refuses to guess: a session opened outside {@link #callAs} would otherwise land in some
   * tenant's database.
   */
  @Override
  public String resolveCurrentTenantIdentifier() {
    String tenant = CURRENT.get();
    if (tenant == null) {
      throw new IllegalStateException(
          "no current tenant: open Hibernate sessions inside TenantContext.callAs(tenant, ...)");
    }
    return tenant;
  }

  /**
   * A session keeps the tenant it was opened for; Hibernate checks it is not reused for another.
   */
  @Override
  public boolean validateExistingCurrentSessions() {
    return true;
  }
}
