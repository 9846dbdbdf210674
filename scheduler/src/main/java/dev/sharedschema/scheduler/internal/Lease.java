package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.Fence;
import dev.sharedschema.scheduler.Registry;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The right to step jobs of one schema database, held by one scheduler at a time across JVMs
 * (DESIGN.md §6 rules 5 and 8). Taken in an epoch that grows at every takeover; renewed by
 * heartbeat; a dead holder's lease expires and another takes over. What the holder writes is fenced
 * by the epoch in the registry itself, so this object's view only decides whether to try.
 */
public final class Lease {
  private static final System.Logger LOG = System.getLogger("dev.sharedschema.scheduler");

  private final Registry registry;
  private final Clock clock;
  private final long ttlMillis;
  private final String holder = UUID.randomUUID().toString();
  private volatile Fence fence;

  public Lease(Registry registry, Clock clock, Duration ttl) {
    this.registry = registry;
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
  }

  /**
   * The fence this scheduler steps under, taking the lease if it is free or expired; null while
   * another holds it.
   */
  public Fence acquire() throws SQLException {
    Fence f = fence;
    if (f != null) {
      return f;
    }
    f = registry.acquireLease(holder, clock.millis(), ttlMillis).orElse(null);
    fence = f;
    return f;
  }

  /**
   * Extends a held lease. A registry that cannot be reached (busy) is tried again at the next beat:
   * that is not a loss, and the fence still guards every write. A renewal the registry refuses is
   * one: the lease was taken over.
   */
  public void heartbeat() {
    Fence f = fence;
    if (f == null) {
      return;
    }
    try {
      if (!registry.renewLease(f, clock.millis(), ttlMillis)) {
        lost(f);
      }
    } catch (SQLException e) {
      LOG.log(
          Level.DEBUG,
          () -> "heartbeat of " + f + " on " + registry + " failed; trying again: " + e);
    }
  }

  /** Forgets {@code f} (a fenced write was refused): the next {@link #acquire} asks again. */
  public void lost(Fence f) {
    if (fence != null && fence.equals(f)) {
      fence = null;
      LOG.log(Level.INFO, () -> "lost the stepping lease of " + registry + " (" + f + ")");
    }
  }

  /** The fence held now, or null. */
  public Fence current() {
    return fence;
  }

  public boolean isHeld() {
    return fence != null;
  }

  /** Gives the lease up so that another scheduler can take it at once. */
  public void release() {
    Fence f = fence;
    fence = null;
    if (f != null) {
      try {
        registry.releaseLease(f);
      } catch (SQLException ignored) {
        // It expires by itself.
      }
    }
  }

  public String holder() {
    return holder;
  }

  public long ttlMillis() {
    return ttlMillis;
  }
}
