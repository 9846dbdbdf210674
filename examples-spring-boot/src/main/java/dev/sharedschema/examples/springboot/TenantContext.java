package dev.sharedschema.examples.springboot;

/** The tenant of the request this thread serves; set and cleared by {@link TenantInterceptor}. */
final class TenantContext {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private TenantContext() {}

  static void set(String tenant) {
    CURRENT.set(tenant);
  }

  static String get() {
    return CURRENT.get();
  }

  static void clear() {
    CURRENT.remove();
  }
}
