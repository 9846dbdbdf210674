package dev.sharedschema.cli;

import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.CanonicalPath;
import dev.sharedschema.scheduler.LinkOutcome;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sharedschema link SCHEMA_DB DB...}: link databases, creating missing ones from the schema.
 */
@Command(
    name = "link",
    header = "Link databases (a missing file is created from the schema).",
    description =
        "A missing file is created as a copy of the schema database (schema, user_version and reference rows). An existing file is linked only if its schema equals the schema database's; otherwise its differences are listed. A file that was part of this fleet before (unlinked, restored from a backup, a copy of a tenant) is caught up on the migrations it missed and linked again; one already linked is brought up to date if it fell behind. Every database is tried; exit 1 if any could not be linked.")
final class LinkCommand implements Callable<Integer> {
  /** One line for what linking a database did. */
  static String describe(LinkOutcome o) {
    String caughtUp =
        o.caughtUp() == 0 ? "" : " (caught up on " + Units.count(o.caughtUp(), "missed job") + ")";
    return switch (o.how()) {
          case CREATED -> "created and linked ";
          case LINKED -> "linked ";
          case RELINKED -> "linked again ";
          case ALREADY_LINKED -> "already linked ";
        }
        + o.database()
        + caughtUp;
  }

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Mixin SchemaDatabaseParameter schemaDb;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "DB", description = "Databases to link.")
  List<Path> databases;

  @Override
  public Integer call() throws SQLException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failed = 0;
    int created = 0;
    int linked = 0;
    long started = System.nanoTime();
    try (SharedSchema s = schemaDb.open()) {
      Set<Path> before = new HashSet<>(s.links());
      List<Path> missing = new ArrayList<>();
      List<Path> existing = new ArrayList<>();
      for (Path db : databases) {
        Path p = CanonicalPath.of(db);
        if (!missing.contains(p) && !existing.contains(p)) {
          (Files.exists(p) || before.contains(p) ? existing : missing).add(p);
        }
      }
      // New files are created together (one snapshot, one registry commit); existing ones one by
      // one, so that each refusal names its own file and differences.
      if (!missing.isEmpty()) {
        try {
          for (LinkOutcome o : s.linkAll(missing)) {
            out.println(describe(o));
            linked++;
            created += o.how() == LinkOutcome.How.CREATED ? 1 : 0;
          }
        } catch (SQLException e) {
          failed += missing.size();
          err.println("sharedschema link: " + e.getMessage());
        }
      }
      for (Path p : existing) {
        try {
          LinkOutcome o = s.link(p);
          out.println(describe(o));
          if (o.how() != LinkOutcome.How.ALREADY_LINKED) {
            linked++;
          }
        } catch (SQLException e) {
          failed++;
          err.println("sharedschema link: " + e.getMessage());
        }
      }
    }
    long nanos = System.nanoTime() - started;
    out.println(
        "linked "
            + Units.count(linked, "database")
            + " ("
            + created
            + " created) in "
            + Units.nanos(nanos)
            + (failed > 0 ? "; " + failed + " failed" : ""));
    return failed > 0 ? 1 : 0;
  }
}
