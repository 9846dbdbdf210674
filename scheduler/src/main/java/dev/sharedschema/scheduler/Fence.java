package dev.sharedschema.scheduler;

/**
 * Which stepper is acting (DESIGN.md §6 rule 8): the holder of the lease and the epoch it took it
 * in. The epoch grows at every takeover, so a stepper that paused past its lease and woke up holds
 * a fence that no longer matches; every registry write it makes is refused.
 *
 * @param holder random id of the scheduler instance
 * @param epoch the lease's epoch when this holder took it
 */
public record Fence(String holder, long epoch) {
  @Override
  public String toString() {
    return "lease epoch " + epoch + " (holder " + holder + ")";
  }
}
