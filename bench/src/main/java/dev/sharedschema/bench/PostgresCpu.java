package dev.sharedschema.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the PostgreSQL server and its backends have used, read from {@code /proc} (Linux): the
 * registry's own cost, which on this machine competes with the tenants' work for the same cores.
 */
final class PostgresCpu {
  private static final double TICKS_PER_SECOND = 100.0;

  private PostgresCpu() {}

  /** The postmaster listening on {@code port} (its command line says {@code -p port}), or -1. */
  static long postmaster(int port) {
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info().commandLine().orElse("").contains("postgres")
                    && p.info().commandLine().orElse("").contains("-p " + port))
        .mapToLong(ProcessHandle::pid)
        .findFirst()
        .orElse(-1);
  }

  /** Seconds of user and system CPU of process {@code pid} and its descendants, or -1. */
  static double seconds(long pid) {
    ProcessHandle root = ProcessHandle.of(pid).orElse(null);
    if (root == null) {
      return -1;
    }
    double total = ticks(pid);
    for (ProcessHandle child : root.descendants().toList()) {
      total += ticks(child.pid());
    }
    return total / TICKS_PER_SECOND;
  }

  /** utime + stime (fields 14 and 15 of /proc/PID/stat); 0 for a process that ended. */
  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
