package dev.sharedschema.scheduler.internal;

import java.io.IOException;
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
 * schema read) once per migration instead of twice. Bounded: past {@code capacity} the dry run
 * closes its connection as before, so memory does not grow with the fleet. A connection is handed
 * out only if the path still names the file it was opened on: a tenant file replaced between the
 * two phases is opened afresh, never migrated through a stale handle to an unlinked inode.
 * Connections are kept outside any transaction; nothing is locked while they wait.
 */
public final class CarriedConnections implements AutoCloseable {
  private record Carried(Connection connection, Object fileKey) {}

  private final int capacity;
  private final Map<Path, Carried> open = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();

  public CarriedConnections(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Keeps {@code c}, open on {@code db}, for the run; returns false (the caller closes it) when
   * full or when the file cannot be identified.
   */
  public boolean offer(Path db, Connection c) {
    Object key = fileKey(db);
    if (key == null || size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return false;
    }
    Carried previous = open.put(db, new Carried(c, key));
    if (previous != null) {
      size.decrementAndGet();
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
    size.decrementAndGet();
    if (!Objects.equals(carried.fileKey(), fileKey(db))) {
      SqliteFiles.closeQuietly(carried.connection());
      return null;
    }
    return carried.connection();
  }

  /** How many connections are held now. */
  public int size() {
    return size.get();
  }

  /** Closes every connection still held (a failed dry run, a finished run, a closing scheduler). */
  @Override
  public void close() {
    for (Path db : open.keySet()) {
      Carried carried = open.remove(db);
      if (carried != null) {
        size.decrementAndGet();
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
