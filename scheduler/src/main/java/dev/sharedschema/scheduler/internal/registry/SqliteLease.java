package dev.sharedschema.scheduler.internal.registry;

import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.LeaseLostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The lease row (DESIGN.md §6 rules 5 and 8). Its epoch grows at every takeover and never goes back
 * (a release keeps the row and only ends its time), so a fence once replaced stays invalid.
 */
final class SqliteLease {
  private SqliteLease() {}

  /** Takes the lease if free or expired (a new epoch), or confirms {@code holder} has it. */
  static Optional<Fence> acquire(Connection c, String holder, long now, long ttlMillis)
      throws SQLException {
    try (PreparedStatement read =
        c.prepareStatement("SELECT holder, expires_at, epoch FROM _sharedschema_lease")) {
      try (ResultSet rs = read.executeQuery()) {
        if (!rs.next()) {
          try (PreparedStatement ins =
              c.prepareStatement(
                  "INSERT INTO _sharedschema_lease(id, holder, expires_at, epoch)"
                      + " VALUES (1, ?, ?, 1)")) {
            ins.setString(1, holder);
            ins.setLong(2, now + ttlMillis);
            ins.executeUpdate();
          }
          return Optional.of(new Fence(holder, 1));
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
        long next = epoch + 1;
        try (PreparedStatement up =
            c.prepareStatement(
                "UPDATE _sharedschema_lease SET holder = ?, expires_at = ?, epoch = ?"
                    + " WHERE id = 1 AND epoch = ?")) {
          up.setString(1, holder);
          up.setLong(2, now + ttlMillis);
          up.setLong(3, next);
          up.setLong(4, epoch);
          return up.executeUpdate() == 1 ? Optional.of(new Fence(holder, next)) : Optional.empty();
        }
      }
    }
  }

  /**
   * True while {@code fence} holds the lease in the registry known as {@code schema} on {@code c}
   * ({@code main}, or the alias it is attached under). A lease that merely expired, with nobody
   * taking it over, still belongs to its holder: no one else can have stepped meanwhile.
   */
  static boolean holds(Connection c, String schema, Fence fence) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM "
                + schema
                + "._sharedschema_lease WHERE id = 1 AND holder = ? AND epoch = ?"
                + " AND expires_at > 0")) {
      ps.setString(1, fence.holder());
      ps.setLong(2, fence.epoch());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Throws unless {@code fence} holds the lease; call inside the write's own transaction. */
  static void require(Connection c, String schema, Fence fence, String write) throws SQLException {
    if (!holds(c, schema, fence)) {
      throw new LeaseLostException(fence, write);
    }
  }
}
