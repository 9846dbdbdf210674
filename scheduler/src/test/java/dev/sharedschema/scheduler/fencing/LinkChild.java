package dev.sharedschema.scheduler.fencing;

import dev.sharedschema.scheduler.Linker;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM of {@link ConcurrentLinkersTest}: links new databases {@code <prefix>-NNN.db} in
 * batches, and prints "linked N" or the error (its class, SQLState, vendor code and message).
 *
 * <p>Arguments: schema path, prefix, count, batch size.
 */
public final class LinkChild {
  private LinkChild() {}

  public static void main(String[] args) throws Exception {
    Path schema = Path.of(args[0]);
    String prefix = args[1];
    int count = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    int linked = 0;
    try (Registry r = RegistryFile.open(schema, Clock.systemUTC())) {
      Linker linker = new Linker(r, Clock.systemUTC());
      while (linked < count) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < batch && linked + i < count; i++) {
          files.add(schema.resolveSibling(String.format("%s-%03d.db", prefix, linked + i)));
        }
        linker.linkAll(files);
        linked += files.size();
      }
      System.out.println("linked " + linked);
    } catch (java.sql.SQLException e) {
      System.out.println(
          "error "
              + e.getClass().getSimpleName()
              + " state="
              + e.getSQLState()
              + " code="
              + e.getErrorCode()
              + " "
              + e.getMessage());
      System.exit(1);
    }
  }
}
