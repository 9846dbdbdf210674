package dev.sharedschema.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The jobs a fleet finished ({@code RunSuccess}), in order, with their tokens: what every linked
 * database must hold since it was first linked (DESIGN.md §6 rule 7). A task compares a database's
 * {@code _sharedschema_applied} with it before applying a job, and catches up what is missing.
 *
 * <p>Registries written before job tokens existed (format 1) were upgraded in place: their jobs got
 * tokens then, but linked databases recorded those jobs by id alone. Such rows (no token) match by
 * id for jobs up to {@link #legacyMax()}, and the jobs up to {@link #legacyHead()} are not checked
 * for being missing (which of them a database got is only known by id, and format 1 kept that).
 */
public final class FleetHistory {
  private final long[] ids;
  private final String[] tokens;
  private final long legacyHead;
  private final long legacyMax;

  /**
   * @param ids finished job ids, ascending
   * @param tokens their tokens, same order
   */
  public FleetHistory(long[] ids, String[] tokens, long legacyHead, long legacyMax) {
    if (ids.length != tokens.length) {
      throw new IllegalArgumentException("one token per job");
    }
    this.ids = ids.clone();
    this.tokens = tokens.clone();
    this.legacyHead = legacyHead;
    this.legacyMax = legacyMax;
  }

  /** The last finished job, or 0 when none has. */
  public long head() {
    return ids.length == 0 ? 0 : ids[ids.length - 1];
  }

  /** The token of finished job {@code id}, or null when no finished job has that id. */
  public String token(long id) {
    int i = Arrays.binarySearch(ids, id);
    return i < 0 ? null : tokens[i];
  }

  /** The last finished job before {@code jobId}, or 0. */
  public long previous(long jobId) {
    int i = Arrays.binarySearch(ids, jobId);
    int before = (i >= 0 ? i : -i - 1) - 1;
    return before < 0 ? 0 : ids[before];
  }

  /** Finished jobs after {@code after} and before {@code before}, ascending. */
  public List<Long> between(long after, long before) {
    List<Long> out = new ArrayList<>();
    for (long id : ids) {
      if (id > after && id < before) {
        out.add(id);
      }
    }
    return out;
  }

  /** Jobs up to this one were finished when a format-1 registry was upgraded (0: never). */
  public long legacyHead() {
    return legacyHead;
  }

  /** Jobs up to this one existed when a format-1 registry was upgraded (0: never). */
  public long legacyMax() {
    return legacyMax;
  }

  /** How many jobs finished. */
  public int size() {
    return ids.length;
  }
}
