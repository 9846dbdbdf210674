package dev.sharedschema.scheduler.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes new linked databases from a snapshot of the schema database: a file copy each (several
 * times faster than replaying DDL, and it carries page size, encoding, auto_vacuum and reference
 * rows), marked, made durable with one fsync, and published under its name with a hard link, which
 * fails if the name appeared meanwhile (a rename would silently replace it).
 *
 * <p>The snapshot and the work files are this process's own: no SQLite connection has them open
 * while they are copied and synced here, so opening and closing them with Java cannot drop a lock
 * (POSIX locks belong to the process; see {@link SchemaSnapshot}).
 *
 * <p>Work files are named {@code .<name>.<pid>.<n>.linking} beside their target; a process killed
 * mid-link leaves some, and the next link into that directory removes those whose process is gone.
 */
public final class NewLinkedFiles {
  static final String SUFFIX = ".linking";

  /** How a new file is marked before it is published. */
  @FunctionalInterface
  public interface Marker {
    void mark(Connection scratch, Path target) throws SQLException;
  }

  private NewLinkedFiles() {}

  /** A work file name beside {@code target}, owned by this process. */
  public static Path workFile(Path target) {
    return target.resolveSibling(
        "."
            + target.getFileName()
            + "."
            + ProcessHandle.current().pid()
            + "."
            + System.nanoTime()
            + SUFFIX);
  }

  /**
   * Creates each target from {@code snapshot}; returns those published. Targets that appeared
   * meanwhile (another process made them) are left out, for the caller to link as existing files.
   */
  public static List<Path> create(Path snapshot, List<Path> targets, Marker marker)
      throws SQLException {
    List<Path> published = new ArrayList<>();
    List<Path> temps = new ArrayList<>();
    try {
      for (Path target : targets) {
        Path tmp = workFile(target);
        temps.add(tmp);
        Files.copy(snapshot, tmp);
        // A private file nobody sees yet: no journal, no syncs; one fsync below makes it durable.
        try (Connection c = SqliteFiles.openScratch(tmp)) {
          marker.mark(c, target);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        try {
          Files.createLink(target, tmp);
          published.add(target);
        } catch (FileAlreadyExistsException e) {
          // another process created it first: the caller links it as an existing file
        }
      }
      syncDirectories(published);
      return published;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      temps.forEach(NewLinkedFiles::deleteQuietly);
    }
  }

  /** Makes the new directory entries durable before the registry says the files are linked. */
  private static void syncDirectories(List<Path> targets) {
    for (Path dir : targets.stream().map(Path::getParent).distinct().toList()) {
      try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
        ch.force(true);
      } catch (IOException e) {
        // Some file systems cannot sync a directory; the file itself is synced.
      }
    }
  }

  /**
   * Removes work files left in {@code directories} by processes that no longer run (killed during a
   * link). A live process's files are left alone, whatever their age.
   */
  public static void sweep(Set<Path> directories) {
    for (Path dir : new LinkedHashSet<>(directories)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*" + SUFFIX)) {
        for (Path f : files) {
          long pid = ownerOf(f.getFileName().toString());
          if (pid > 0 && ProcessHandle.of(pid).isEmpty()) {
            deleteQuietly(f);
          }
        }
      } catch (IOException | UncheckedIOException e) {
        // Nothing depends on the sweep; the next link tries again.
      }
    }
  }

  /** The pid in {@code .<name>.<pid>.<n>.linking}, or -1. */
  static long ownerOf(String name) {
    String[] parts = name.substring(0, name.length() - SUFFIX.length()).split("\\.");
    if (parts.length < 3) {
      return -1;
    }
    try {
      return Long.parseLong(parts[parts.length - 2]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public static void deleteQuietly(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException ignored) {
      // A stray work file is harmless; the next sweep removes it.
    }
  }
}
