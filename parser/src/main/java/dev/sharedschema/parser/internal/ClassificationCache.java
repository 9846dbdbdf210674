package dev.sharedschema.parser.internal;

import dev.sharedschema.parser.ClassifiedSql;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded cache of classifications keyed by the SQL text, with approximate LRU eviction by two
 * generations: new entries go to the young generation; when it is full it becomes the old one and
 * the previous old one is dropped whole. A hit in the old generation is copied to the young one, so
 * texts in use survive every rotation. A hit costs one {@link ConcurrentHashMap#get}; nothing is
 * locked except the rare rotation.
 *
 * <p>Bound: each generation holds at most {@code capacity / 2} entries, plus at most one per thread
 * racing a rotation. Texts longer than {@link #MAX_TEXT_LENGTH} are not kept: apps that send such
 * texts (bulk inserts with inlined literals) rarely repeat them, and they would pin memory.
 */
public final class ClassificationCache {
  public static final int MAX_TEXT_LENGTH = 64 * 1024;

  private record Generation(ConcurrentHashMap<String, ClassifiedSql> map, AtomicInteger size) {
    Generation() {
      this(new ConcurrentHashMap<>(), new AtomicInteger());
    }
  }

  private final int generationCapacity;
  private volatile Generation young = new Generation();
  private volatile Generation old = new Generation();

  /** {@code capacity} 0 disables caching. */
  public ClassificationCache(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("cache capacity must be >= 0: " + capacity);
    }
    this.generationCapacity = capacity == 0 ? 0 : Math.max(1, capacity / 2);
  }

  public ClassifiedSql get(String sql) {
    ClassifiedSql hit = young.map().get(sql);
    if (hit == null && generationCapacity > 0) {
      hit = old.map().get(sql);
      if (hit != null) {
        put(sql, hit);
      }
    }
    return hit;
  }

  public void put(String sql, ClassifiedSql value) {
    if (generationCapacity == 0 || sql.length() > MAX_TEXT_LENGTH) {
      return;
    }
    Generation g = young;
    if (g.map().putIfAbsent(sql, value) == null
        && g.size().incrementAndGet() >= generationCapacity) {
      rotate(g);
    }
  }

  /** Entries held now, both generations. */
  public int size() {
    return young.map().size() + old.map().size();
  }

  private synchronized void rotate(Generation full) {
    if (young == full) { // another thread may have rotated already
      old = full;
      young = new Generation();
    }
  }
}
