package dev.sharedschema.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, case 9: SQLite reports a process out of file descriptors as SQLITE_CANTOPEN, as it
 * reports a file it may not open; the advice was to fix permissions. It must say which it is.
 */
class TaskErrorsTest {
  private static final SQLException CANTOPEN =
      new SQLException("[SQLITE_CANTOPEN] Unable to open the database file", null, 14);

  private static FileDescriptors counts(long open, long max) {
    return new FileDescriptors() {
      @Override
      public long open() {
        return open;
      }

      @Override
      public long max() {
        return max;
      }
    };
  }

  @Test
  void aProcessOutOfDescriptorsIsToldSo() {
    String msg = TaskErrors.describe(CANTOPEN, Duration.ofSeconds(30), counts(1020, 1024));
    assertThat(msg)
        .contains("no file descriptor left (1020 of 1024 open)")
        .contains("ulimit -n")
        .doesNotContain("permissions");
  }

  @Test
  void aFileThatCannotBeOpenedWithDescriptorsToSpareIsAPermissionProblem() {
    String msg = TaskErrors.describe(CANTOPEN, Duration.ofSeconds(30), counts(100, 1024));
    assertThat(msg).contains("fix the permissions").doesNotContain("descriptor");
  }
}
