package dev.sharedschema.scheduler.internal;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * How many file descriptors this process has open and may open. SQLite reports a process out of
 * descriptors as SQLITE_CANTOPEN, exactly as it reports a file it may not open: telling the two
 * apart needs this count.
 */
interface FileDescriptors {
  /** Descriptors open now, or -1 when the platform does not say. */
  long open();

  /** The most this process may open, or -1 when the platform does not say. */
  long max();

  /** Whether (nearly) every descriptor is in use: a failed open is then for want of one. */
  default boolean exhausted() {
    return max() > 0 && open() >= max() - 16;
  }

  /** This process, as the JVM's operating-system bean reports it. */
  FileDescriptors PROCESS =
      new FileDescriptors() {
        @Override
        public long open() {
          return ManagementFactory.getOperatingSystemMXBean()
                  instanceof UnixOperatingSystemMXBean os
              ? os.getOpenFileDescriptorCount()
              : -1;
        }

        @Override
        public long max() {
          return ManagementFactory.getOperatingSystemMXBean()
                  instanceof UnixOperatingSystemMXBean os
              ? os.getMaxFileDescriptorCount()
              : -1;
        }
      };
}
