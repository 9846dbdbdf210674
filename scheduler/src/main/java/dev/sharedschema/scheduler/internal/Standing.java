package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.FleetHistory;
import dev.sharedschema.scheduler.internal.AppliedTable.Row;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a linked database stands before job N is applied to it (DESIGN.md §6 rule 7): it already
 * holds N, it is up to date, it lacks finished jobs (relinked, restored from a backup, a copy of a
 * tenant), or it holds a job this registry does not know (a registry restored from an older backup,
 * another fleet's job).
 *
 * @param kind the verdict
 * @param missing for {@link Kind#BEHIND}: the finished jobs it lacks, in order
 * @param unknownJob for {@link Kind#UNKNOWN_JOB}: the job it holds that the registry does not know
 */
public record Standing(Kind kind, List<Long> missing, long unknownJob) {
  public enum Kind {
    HOLDS_JOB,
    CURRENT,
    BEHIND,
    UNKNOWN_JOB
  }

  static final Standing HOLDS = new Standing(Kind.HOLDS_JOB, List.of(), 0);
  static final Standing CURRENT = new Standing(Kind.CURRENT, List.of(), 0);

  /**
   * The verdict from the link row and the highest row alone (one indexed read), or null when that
   * is not enough to be sure and {@link #of} must read every row. Covers the common case: the
   * database's last job is the fleet's last finished one.
   */
  static Standing quick(Row last, FleetHistory h, long jobId, String jobToken) {
    long previous = h.previous(jobId);
    if (last == null) {
      return previous <= h.legacyHead() ? CURRENT : null;
    }
    if (last.jobId() == jobId) {
      return matches(last, jobToken, h) ? HOLDS : null;
    }
    if (last.jobId() == previous && previous > 0 && matches(last, h.token(previous), h)) {
      return CURRENT;
    }
    boolean allLegacy = previous <= h.legacyHead() && last.jobId() <= h.legacyHead();
    return allLegacy && matches(last, h.token(last.jobId()), h) ? CURRENT : null;
  }

  /** The verdict from every row of the registry in the database. */
  static Standing of(List<Row> rows, FleetHistory h, long jobId, String jobToken) {
    long baseline = 0;
    boolean holds = false;
    Set<Long> held = new HashSet<>();
    for (Row r : rows) {
      if (r.isLink()) {
        continue;
      }
      String expected = r.jobId() == jobId ? jobToken : h.token(r.jobId());
      if (!matches(r, expected, h)) {
        return new Standing(Kind.UNKNOWN_JOB, List.of(), r.jobId());
      }
      if (r.jobId() == jobId) {
        holds = true;
      } else if (AppliedTable.BASELINE.equals(r.state())) {
        baseline = Math.max(baseline, r.jobId());
      } else {
        held.add(r.jobId());
      }
    }
    if (holds) {
      return HOLDS;
    }
    List<Long> missing = new ArrayList<>();
    for (long id : h.between(Math.max(baseline, h.legacyHead()), jobId)) {
      if (!held.contains(id)) {
        missing.add(id);
      }
    }
    return missing.isEmpty() ? CURRENT : new Standing(Kind.BEHIND, List.copyOf(missing), 0);
  }

  /**
   * True when row {@code r} is job {@code expectedToken}'s: same token, or no token (written before
   * tokens existed) for a job the upgraded registry already had.
   */
  private static boolean matches(Row r, String expectedToken, FleetHistory h) {
    if (expectedToken == null) {
      return false;
    }
    return r.token() == null ? r.jobId() <= h.legacyMax() : r.token().equals(expectedToken);
  }
}
