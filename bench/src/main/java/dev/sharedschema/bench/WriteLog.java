package dev.sharedschema.bench;

import java.util.Arrays;

/**
 * One writer's writes: start and end ({@link System#nanoTime}) and tenant index of each, in
 * growable arrays of primitives, so that recording costs no allocation per write worth measuring.
 * Written by its writer thread only; read after that thread ended.
 */
final class WriteLog {
  private long[] starts = new long[1 << 14];
  private long[] ends = new long[1 << 14];
  private int[] tenants = new int[1 << 14];
  private boolean[] locked = new boolean[1 << 14];
  private int size;

  void add(long start, long end, int tenant, boolean foundLocked) {
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
      tenants = Arrays.copyOf(tenants, size * 2);
      locked = Arrays.copyOf(locked, size * 2);
    }
    starts[size] = start;
    ends[size] = end;
    tenants[size] = tenant;
    locked[size] = foundLocked;
    size++;
  }

  int size() {
    return size;
  }

  long start(int i) {
    return starts[i];
  }

  long end(int i) {
    return ends[i];
  }

  int tenant(int i) {
    return tenants[i];
  }

  /** True when the write found its file locked at least once (see {@link BusyProbe}). */
  boolean foundLocked(int i) {
    return locked[i];
  }
}
