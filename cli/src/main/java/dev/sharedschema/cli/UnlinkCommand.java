package dev.sharedschema.cli;

import dev.sharedschema.driver.SharedSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sharedschema unlink SCHEMA_DB DB...}: stop propagating to databases; the files stay. */
@Command(
    name = "unlink",
    header = "Stop propagating to databases; the files stay.",
    description =
        "The files stay as plain SQLite databases. A job paused in RunFailure only because of an unlinked database goes on. Exit 1 if a database was not linked.")
final class UnlinkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Mixin SchemaDatabaseParameter schemaDb;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "DB",
      description = "Linked databases to unlink.")
  List<Path> databases;

  @Override
  public Integer call() throws SQLException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int notLinked = 0;
    try (SharedSchema s = schemaDb.open()) {
      for (Path db : databases) {
        Path p = db.toAbsolutePath().normalize();
        if (s.unlink(p)) {
          Path real = realPath(p);
          String given = real.equals(p) ? "" : "given as " + p + "; ";
          out.println("unlinked " + real + " (" + given + "the file stays)");
        } else {
          notLinked++;
          err.println("sharedschema unlink: " + p + " is not linked to " + s.schemaDatabase());
        }
      }
    }
    return notLinked > 0 ? 1 : 0;
  }

  /**
   * The file a spelling names, as links are kept (symlinks resolved), so the user sees which file
   * stopped being migrated; its directory's when the file itself is gone.
   */
  private static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException fileGone) {
      try {
        return p.getParent().toRealPath().resolve(p.getFileName());
      } catch (IOException | RuntimeException directoryGone) {
        return p;
      }
    }
  }
}
