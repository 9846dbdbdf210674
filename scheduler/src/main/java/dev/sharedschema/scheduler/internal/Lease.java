package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.Registry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The right to step jobs of one schema database, held by one scheduler at a time across JVMs
 * (DESIGN.md §6 rule 5). Renewed by heartbeat; a dead holder's lease expires and another takes
 * over.
 */
public final class Lease {
  private final Registry registry;
  private final Clock clock;
  private final long ttlMillis;
  private final String holder = UUID.randomUUID().toString();
  private volatile boolean held;

  public Lease(Registry registry, Clock clock, Duration ttl) {
    this.registry = registry;
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
  }

  /** Takes or renews the lease; true while this scheduler holds it. */
  public boolean renew() {
    try {
      held = registry.acquireLease(holder, clock.millis(), ttlMillis);
    } catch (SQLException e) {
      // A busy registry cannot confirm the lease: act as if it were lost until the next heartbeat.
      held = false;
    }
    return held;
  }

  public boolean isHeld() {
    return held;
  }

  public void release() {
    if (held) {
      held = false;
      try {
        registry.releaseLease(holder);
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
