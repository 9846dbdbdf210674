package dev.sharedschema.driver.differential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories in memory ({@code /dev/shm}) where the machine has it, else the default
 * place. Each migration makes several durable commits; on a disk their fsyncs are most of the
 * differential test's time, and it tests semantics, not durability (the crash tests do that).
 */
final class MemoryTempDir implements TempDirFactory {
  private static final Path SHM = Path.of("/dev/shm");

  @Override
  public Path createTempDirectory(
      AnnotatedElementContext elementContext, ExtensionContext extensionContext)
      throws IOException {
    if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
      return Files.createTempDirectory(SHM, "sharedschema-differential-");
    }
    return Files.createTempDirectory("sharedschema-differential-");
  }
}
