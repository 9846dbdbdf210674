package dev.sharedschema.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The one name of a file (DESIGN.md §7 "Identities"): its real path, with every symlink and every
 * spelling ({@code a/../b}, a symlinked directory) resolved. A file that does not exist yet is
 * named by the real path of its deepest existing ancestor plus the rest, so a link made before the
 * file exists and one made after agree.
 */
public final class CanonicalPath {
  private CanonicalPath() {}

  /** The canonical form of {@code path} (absolute, symlinks resolved where they exist). */
  public static Path of(Path path) {
    Path abs = path.toAbsolutePath().normalize();
    Path existing = abs;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    try {
      Path real = existing.toRealPath();
      return real.resolve(existing.relativize(abs)).normalize();
    } catch (IOException e) {
      // A dangling symlink, or a path we may not read: its spelled form is the best name there is.
      return abs;
    }
  }
}
