package dev.sharedschema.driver.faults;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts {@link UnprivilegedScheduler} as a user that file permissions apply to. Tests here run as
 * root (and so does CI), and root ignores {@code chmod}; so under root the child drops to uid/gid
 * 65534 with {@code setpriv}, reading a copy of the class path it can reach (the local Maven
 * repository under {@code /root} is closed to it), and the fleet is handed to that user. Not under
 * root, the child runs as the current user, whom permissions already bind.
 */
final class Unprivileged {
  static final int NOBODY = 65534;

  private Unprivileged() {}

  static boolean runningAsRoot() throws IOException {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }

  /** The uid the child runs as. */
  static int childUid() throws IOException {
    return runningAsRoot()
        ? NOBODY
        : (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }

  /**
   * The class path for the child: under root a copy in {@code scratch} that the child's user can
   * read; else this JVM's.
   */
  static String classPath(Path scratch) throws IOException {
    return runningAsRoot() ? readableCopy(scratch) : ChildJvm.testClassPath();
  }

  /** Starts the child on {@code schema}, its schema connection opened with {@code params}. */
  static ChildJvm start(String classPath, Path schema, String params) throws IOException {
    List<String> prefix =
        runningAsRoot()
            ? List.of(
                "setpriv",
                "--reuid=" + NOBODY,
                "--regid=" + NOBODY,
                "--clear-groups",
                "--inh-caps=-all")
            : List.of();
    return ChildJvm.start(
        prefix, classPath, UnprivilegedScheduler.class, schema.toString(), params);
  }

  /** Gives {@code path} and everything under it to the child's user (a no-op when not root). */
  static void giveToChild(Path path) throws IOException {
    if (!runningAsRoot()) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        own(p, NOBODY);
      }
    }
  }

  /** Makes {@code path} root's (when root) with {@code mode} such as {@code r--r--r--}. */
  static void protect(Path path, String mode) throws IOException {
    if (runningAsRoot()) {
      own(path, 0);
    }
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
  }

  private static void own(Path p, int uid) throws IOException {
    Files.setAttribute(p, "unix:uid", uid);
    Files.setAttribute(p, "unix:gid", uid);
  }

  /** Copies every class-path entry into {@code scratch}, readable by all. */
  private static String readableCopy(Path scratch) throws IOException {
    Path root = Files.createDirectories(scratch.resolve("classpath"));
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : ChildJvm.testClassPath().split(File.pathSeparator)) {
      Path from = Path.of(entry);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = root.resolve((n++) + "-" + from.getFileName());
      copy(from, to);
      entries.add(to.toString());
    }
    // JUnit makes its temp folders private to their owner; the folders above (/tmp) are open.
    for (Path p : List.of(scratch, root)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return String.join(File.pathSeparator, entries);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      all.forEach(
          p -> {
            Path target = to.resolve(from.relativize(p).toString());
            try {
              if (Files.isDirectory(p)) {
                Files.createDirectories(target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
              } else {
                Files.copy(p, target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }
}
