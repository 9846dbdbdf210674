package dev.sharedschema.scheduler;

import java.sql.SQLException;

/**
 * A stepper's registry write was refused because its lease was taken over (it paused past the
 * lease: a GC pause, a stopped process, a registry held busy). It stops stepping at once; the new
 * holder goes on from what the registry records.
 */
public final class LeaseLostException extends SQLException {
  private static final long serialVersionUID = 1L;

  public LeaseLostException(Fence fence, String write) {
    super(
        "the lease of this scheduler ("
            + fence
            + ") was taken over by another; its "
            + write
            + " was not recorded",
        "40001");
  }
}
