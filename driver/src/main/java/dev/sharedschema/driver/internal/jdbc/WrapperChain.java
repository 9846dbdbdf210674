package dev.sharedschema.driver.internal.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * {@code unwrap}/{@code isWrapperFor} for every wrapper: the wrapper itself first, then its
 * delegate, then whatever the delegate wraps. sqlite-jdbc's own {@code unwrap} throws {@code
 * ClassCastException} for a foreign interface; JDBC asks for {@link SQLException}, which is what
 * callers get here.
 */
final class WrapperChain {
  /** SQLState of a failed unwrap: the object does not offer that interface. */
  static final String NOT_A_WRAPPER = "0A000";

  private WrapperChain() {}

  static <T> T unwrap(Wrapper wrapper, Wrapper delegate, Class<T> iface) throws SQLException {
    if (iface != null) {
      if (iface.isInstance(wrapper)) {
        return iface.cast(wrapper);
      }
      if (iface.isInstance(delegate)) {
        return iface.cast(delegate);
      }
      if (delegate.isWrapperFor(iface)) {
        return delegate.unwrap(iface);
      }
    }
    throw new SQLException(
        "not a wrapper for "
            + (iface == null ? "null" : iface.getName())
            + " (wraps "
            + delegate.getClass().getName()
            + ")",
        NOT_A_WRAPPER);
  }

  static boolean isWrapperFor(Wrapper wrapper, Wrapper delegate, Class<?> iface)
      throws SQLException {
    return iface != null
        && (iface.isInstance(wrapper)
            || iface.isInstance(delegate)
            || delegate.isWrapperFor(iface));
  }
}
