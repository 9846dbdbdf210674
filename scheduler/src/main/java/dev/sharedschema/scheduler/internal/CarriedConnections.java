package dev.sharedschema.scheduler.internal;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections a job's dry run leaves open for its run, so a linked database is opened (and its
 * schema read) once per migration instead of twice (DESIGN.md §6 rule 2, carried connections).
 *
 * <p>Bounded by file descriptors, not by a count: an idle connection to a rollback-journal file
 * holds one descriptor, to a WAL file three (the file, {@code -wal}, {@code -shm}), and a process
 * that runs out of descriptors fails every open that follows. Past the budget the dry run closes
 * its connection as before. A connection is handed out only if the path still names the file it was
 * opened on: a tenant file replaced between the two phases is opened afresh, never migrated through
 * a stale handle to an unlinked inode. Connections are kept outside any transaction; nothing is
 * locked while they wait.
 *
 * <p>Carrying is for small fleets only. Each connection held makes every later open of a database
 * in this process dearer: SQLite's unix VFS finds a file's lock state by walking the list of all
 * the files the process has open, under one process-wide mutex. Holding 1,536 connections while a
 * job's dry run opened the other 8,464 of 10,000 databases made that pass three times slower
 * (docs/benchmarks.md §8), for a saving of one open on the few carried. So a job known to be larger
 * than the bound ({@link #expect}) carries nothing, and one that finds the bound reached anyway
 * (descriptors: WAL files cost three) closes everything kept and carries nothing from then on —
 * until {@link #close}, which ends the job's carrying. Within the bound the list stays short and
 * the second open is saved.
 */
public final class CarriedConnections implements AutoCloseable {
  /**
   * At most this many descriptors whatever the limit: where a held connection's cost to the other
   * opens stays below the open it saves (measured, docs/benchmarks.md §8).
   */
  private static final int MOST = 512;

  private record Carried(Connection connection, Object fileKey, int descriptors) {}

  private final int budget;
  private final Map<Path, Carried> open = new ConcurrentHashMap<>();
  private final AtomicInteger used = new AtomicInteger();
  private volatile boolean spilled;

  /** Connections within {@code descriptorBudget} file descriptors. */
  public CarriedConnections(int descriptorBudget) {
    this.budget = descriptorBudget;
  }

  /**
   * A budget for this process: half the descriptors it may still open (the other half is left to
   * the workers' own opens and the application), at most {@value #MOST}.
   */
  public static CarriedConnections forThisProcess() {
    return new CarriedConnections(budgetOfThisProcess());
  }

  static int budgetOfThisProcess() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
      long free = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount();
      return (int) Math.max(0, Math.min(MOST, free / 2));
    }
    return MOST / 3; // no way to know: what three hundred WAL files would hold at most
  }

  /**
   * Tells how many databases the job's dry run is about to open: when they cannot all be kept, none
   * is (see the class comment), so that no connection is opened twice for nothing.
   */
  public void expect(int databases) {
    if (databases > budget) {
      spilled = true;
      closeAll();
    }
  }

  /**
   * Keeps {@code c}, open on {@code db}, for the run; returns false (the caller closes it) when the
   * budget is spent or when the file cannot be identified.
   */
  public boolean offer(Path db, Connection c) {
    if (spilled) {
      return false;
    }
    Object key = fileKey(db);
    if (key == null) {
      return false;
    }
    int descriptors = Files.exists(db.resolveSibling(db.getFileName() + "-wal")) ? 3 : 1;
    if (used.addAndGet(descriptors) > budget) {
      used.addAndGet(-descriptors);
      spilled = true;
      closeAll();
      return false;
    }
    Carried previous = open.put(db, new Carried(c, key, descriptors));
    if (previous != null) {
      used.addAndGet(-previous.descriptors());
      SqliteFiles.closeQuietly(previous.connection());
    }
    return true;
  }

  /**
   * The connection the dry run left open on {@code db}, or null when there is none or the path now
   * names another file (the stale one is closed).
   */
  public Connection take(Path db) {
    Carried carried = open.remove(db);
    if (carried == null) {
      return null;
    }
    used.addAndGet(-carried.descriptors());
    if (!Objects.equals(carried.fileKey(), fileKey(db))) {
      SqliteFiles.closeQuietly(carried.connection());
      return null;
    }
    return carried.connection();
  }

  /** How many connections are held now. */
  public int size() {
    return open.size();
  }

  /** How many file descriptors the held connections cost. */
  public int descriptors() {
    return used.get();
  }

  /**
   * Closes every connection still held (a failed dry run, a finished run, another job, a closing
   * scheduler) and ends this job's carrying: the next job may carry again.
   */
  @Override
  public void close() {
    closeAll();
    spilled = false;
  }

  private void closeAll() {
    for (Path db : open.keySet()) {
      Carried carried = open.remove(db);
      if (carried != null) {
        used.addAndGet(-carried.descriptors());
        SqliteFiles.closeQuietly(carried.connection());
      }
    }
  }

  private static Object fileKey(Path db) {
    try {
      return Files.readAttributes(db, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }
}
