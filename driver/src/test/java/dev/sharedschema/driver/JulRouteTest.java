package dev.sharedschema.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/logging.md's default route: without a bridge, sharedschema's System.Logger records reach
 * java.util.logging under dev.sharedschema, a job's state changes at FINE (System.Logger's DEBUG).
 */
class JulRouteTest {
  @TempDir Path dir;

  @Test
  void aMigrationLogsItsJobsStateChangesAtFineUnderDevSharedschema() throws SQLException {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("dev.sharedschema");
    Level before = root.getLevel();
    root.setLevel(Level.FINE);
    root.addHandler(capture);
    try {
      TestFleet f = TestFleet.create(dir, 1, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
      try (SharedSchema fleet = SharedSchema.open(f.schema)) {
        fleet.migrate("ALTER TABLE t ADD COLUMN c", null);
      }
    } finally {
      root.removeHandler(capture);
      root.setLevel(before);
    }
    assertThat(records)
        .anySatisfy(
            r -> {
              assertThat(r.getLoggerName()).isEqualTo("dev.sharedschema.scheduler");
              assertThat(r.getLevel()).isEqualTo(Level.FINE);
              assertThat(r.getMessage()).contains("is now RunSuccess");
            });
    assertThat(records)
        .allSatisfy(r -> assertThat(r.getLoggerName()).startsWith("dev.sharedschema"));
  }
}
