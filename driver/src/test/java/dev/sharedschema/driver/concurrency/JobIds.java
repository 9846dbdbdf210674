package dev.sharedschema.driver.concurrency;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/** Job ids read straight from a schema database's registry file. */
final class JobIds {
  private JobIds() {}

  static long max(Path schema) throws SQLException {
    return Long.parseLong(
        WritersDuringMigrationsTest.column(
                registry(schema), "SELECT coalesce(max(id), 0) FROM _sharedschema_jobs")
            .get(0));
  }

  /** The ids of the jobs after {@code id}, in submission order. */
  static List<Long> after(Path schema, long id) throws SQLException {
    return WritersDuringMigrationsTest.column(
            registry(schema), "SELECT id FROM _sharedschema_jobs WHERE id > " + id + " ORDER BY id")
        .stream()
        .map(Long::valueOf)
        .toList();
  }

  private static Path registry(Path schema) {
    return schema.resolveSibling(schema.getFileName() + ".sharedschema");
  }
}
