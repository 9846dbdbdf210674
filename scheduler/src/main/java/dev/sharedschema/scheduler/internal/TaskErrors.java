package dev.sharedschema.scheduler.internal;

import java.sql.SQLException;
import java.time.Duration;

/**
 * The error a task records for a linked database: SQLite's own, plus what an operator does about it
 * when the cause lies in the file or its surroundings rather than in the migration (DESIGN.md §4
 * "Errors": name what was wrong and what to do instead).
 */
final class TaskErrors {
  private static final int SQLITE_PERM = 3;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_FULL = 13;
  static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_NOTADB = 26;

  private TaskErrors() {}

  static String describe(SQLException e, Duration busyTimeout) {
    if (BusyRetry.isBusy(e)) {
      long ms = busyTimeout.toMillis();
      return e.getMessage()
          + "; another connection held its write lock for longer than the busy timeout ("
          + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms")
          + "): end or close that connection's transaction, or raise shared_schema_busy_timeout";
    }
    String hint =
        switch (e.getErrorCode() & 0xff) {
          case SQLITE_CORRUPT, SQLITE_NOTADB -> "the file is damaged: restore it from a backup";
          case SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN ->
              "this process cannot write the file or create its journal beside it:"
                  + " fix the permissions of the file and its directory";
          case SQLITE_FULL -> "free space on its disk";
          case SQLITE_IOERR -> "check the disk and the file";
          default -> null;
        };
    return hint == null ? e.getMessage() : e.getMessage() + "; " + hint + ", or unlink it";
  }
}
