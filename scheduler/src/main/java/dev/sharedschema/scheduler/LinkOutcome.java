package dev.sharedschema.scheduler;

import java.nio.file.Path;

/**
 * What linking one database did.
 *
 * @param database the file (canonical path)
 * @param how what was done
 * @param caughtUp jobs applied to bring it up to date (it missed them while unlinked, or it was
 *     restored from a backup or copied from a tenant)
 */
public record LinkOutcome(Path database, How how, int caughtUp) {
  public enum How {
    /** A missing file, created as a copy of the schema database. */
    CREATED,
    /** An existing file, linked (its schema equals the schema database's). */
    LINKED,
    /** A file that was part of this fleet before (relinked, restored, copied), linked again. */
    RELINKED,
    /** Already linked; brought up to date if it had fallen behind. */
    ALREADY_LINKED
  }
}
