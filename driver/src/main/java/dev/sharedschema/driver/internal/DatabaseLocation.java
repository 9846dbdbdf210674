package dev.sharedschema.driver.internal;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a sqlite-jdbc URL points: a file on disk, or something that is not one (in-memory
 * databases, {@code :resource:} class-path databases). Only files can be schema or linked
 * databases.
 *
 * @param file the database file, absolute and normalised; {@code null} when not a file
 * @param description what to call it in messages
 */
public record DatabaseLocation(Path file, String description) {

  /** True when the URL names a database file on disk. */
  public boolean isFile() {
    return file != null;
  }

  /**
   * Reads the location from what follows {@code jdbc:sqlite:}, with our keys already removed.
   *
   * @throws IllegalArgumentException for a {@code file:} URI with a remote authority or bad escapes
   */
  static DatabaseLocation of(String sqliteAddress) {
    int q = sqliteAddress.indexOf('?');
    String name = q < 0 ? sqliteAddress : sqliteAddress.substring(0, q);
    String query = q < 0 ? "" : sqliteAddress.substring(q + 1).toLowerCase(Locale.ROOT);
    if (name.isEmpty() || name.equals(":memory:") || isMemoryMode(query)) {
      return new DatabaseLocation(null, "an in-memory database");
    }
    if (name.startsWith(":resource:")) {
      return new DatabaseLocation(null, "the class-path resource " + name.substring(10));
    }
    if (name.startsWith("file:")) {
      if (name.startsWith("file::memory:")) {
        return new DatabaseLocation(null, "an in-memory database");
      }
      Path uriPath = fileUriPath(name);
      return new DatabaseLocation(uriPath, uriPath.toString());
    }
    Path p = Path.of(name).toAbsolutePath().normalize();
    return new DatabaseLocation(p, p.toString());
  }

  /** SQLite's URI parameter {@code mode=memory} (not, say, {@code journal_mode=memory}). */
  private static boolean isMemoryMode(String query) {
    for (String param : query.split("&")) {
      if (param.trim().equals("mode=memory")) {
        return true;
      }
    }
    return false;
  }

  /**
   * SQLite URI filenames: {@code file:rel.db}, {@code file:/abs.db}, {@code file:///abs.db},
   * percent-encoded.
   */
  private static Path fileUriPath(String uri) {
    String rest = uri.substring(5);
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      if (!authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
        throw new IllegalArgumentException("file URI authority must be empty or localhost: " + uri);
      }
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    return Path.of(Percent.decode(rest)).toAbsolutePath().normalize();
  }
}
