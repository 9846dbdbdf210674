package dev.sharedschema.scheduler.internal.registry.postgres;

import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.LeaseLostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The coordinator's lease row (DESIGN.md §6 rules 5 and 8, §10). The epoch grows at every takeover
 * and never goes back. A fenced write reads the row {@code FOR SHARE} in its own transaction: a
 * takeover (an update of the row) cannot commit until that write did, so a write either happens
 * under a lease still held or not at all.
 */
final class PgLease {
  private PgLease() {}

  static Optional<Fence> acquire(Connection c, String holder, long now, long ttlMillis)
      throws SQLException {
    try (PreparedStatement read =
            c.prepareStatement(
                "SELECT holder, expires_at, epoch FROM _sharedschema_lease WHERE id = 1 FOR UPDATE");
        ResultSet rs = read.executeQuery()) {
      if (!rs.next()) {
        try (PreparedStatement ins =
            c.prepareStatement(
                "INSERT INTO _sharedschema_lease(id, holder, expires_at, epoch) VALUES (1, ?, ?, 1)"
                    + " ON CONFLICT (id) DO NOTHING")) {
          ins.setString(1, holder);
          ins.setLong(2, now + ttlMillis);
          return ins.executeUpdate() == 1 ? Optional.of(new Fence(holder, 1)) : Optional.empty();
        }
      }
      String current = rs.getString(1);
      long expires = rs.getLong(2);
      long epoch = rs.getLong(3);
      if (current.equals(holder) && expires >= now) {
        return Optional.of(new Fence(holder, epoch));
      }
      if (expires >= now) {
        return Optional.empty();
      }
      try (PreparedStatement up =
          c.prepareStatement(
              "UPDATE _sharedschema_lease SET holder = ?, expires_at = ?, epoch = ? WHERE id = 1")) {
        up.setString(1, holder);
        up.setLong(2, now + ttlMillis);
        up.setLong(3, epoch + 1);
        up.executeUpdate();
        return Optional.of(new Fence(holder, epoch + 1));
      }
    }
  }

  /** True while {@code fence} holds the lease; with {@code share}, holds it until commit. */
  static boolean holds(Connection c, Fence fence, boolean share) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM _sharedschema_lease WHERE id = 1 AND holder = ? AND epoch = ?"
                + " AND expires_at > 0"
                + (share ? " FOR SHARE" : ""))) {
      ps.setString(1, fence.holder());
      ps.setLong(2, fence.epoch());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Throws unless {@code fence} holds the lease; call first in the write's own transaction. */
  static void require(Connection c, Fence fence, String write) throws SQLException {
    if (!holds(c, fence, true)) {
      throw new LeaseLostException(fence, write);
    }
  }
}
