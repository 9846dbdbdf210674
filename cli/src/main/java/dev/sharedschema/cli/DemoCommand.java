package dev.sharedschema.cli;

import dev.sharedschema.driver.Drift;
import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.RegistryFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sharedschema demo DIR}: build a fleet, migrate it, and show what happened and how long it
 * took.
 */
@Command(
    name = "demo",
    header = "Build a fleet in DIR, migrate it, print what happened.",
    description =
        "Builds, in DIR (new or empty), a schema database DIR/schema.db with a small shop schema and --tenants linked databases DIR/tenants/tenant-NNNN.db; then migrates them all, checks for drift, and prints per-state counts and timings. Refuses a DIR that already holds a demo or other files.")
final class DemoCommand implements Callable<Integer> {
  static final String SCHEMA_FILE = "schema.db";
  static final String TENANTS_DIR = "tenants";

  /** Tenants that get sample rows through the driver (all would only slow the demo down). */
  private static final int SAMPLE_TENANTS = 3;

  /**
   * Databases linked per registry commit; smaller batches only make the progress line move more
   * often.
   */
  private static final int LINK_BATCH = 50;

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Parameters(
      paramLabel = "DIR",
      description = "Where to build the fleet (created if missing; must be empty).")
  Path dir;

  @Option(
      names = "--tenants",
      paramLabel = "N",
      defaultValue = "1000",
      description = "How many linked databases. Default: ${DEFAULT-VALUE}.")
  int tenants;

  @Mixin ProgressOption progressOption;

  @Override
  public Integer call() throws SQLException {
    if (tenants < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--tenants must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path root = dir.toAbsolutePath().normalize();
    prepare(root);
    Path schemaDb = root.resolve(SCHEMA_FILE);
    Path tenantDir = root.resolve(TENANTS_DIR);
    out.println(
        "sharedschema demo: a schema database and "
            + Units.count(tenants, "tenant database")
            + " in "
            + root);
    out.println();
    try (SharedSchema s = SharedSchema.init(schemaDb)) {
      long t0 = System.nanoTime();
      s.migrate(DemoResources.text(DemoResources.SCHEMA), null);
      out.println(
          "1. schema database " + schemaDb + " (" + Units.nanos(System.nanoTime() - t0) + ")");
      out.println("   " + DemoSchemaShape.describe(schemaDb));
      out.println();

      out.println(
          "2. linking "
              + Units.count(tenants, "tenant database")
              + " in "
              + tenantDir
              + ", each created as a copy of the schema database");
      out.flush();
      long linking = link(s, tenantDir);
      out.println(
          "   linked "
              + Units.count(tenants, "database")
              + " in "
              + Units.nanos(linking)
              + " ("
              + Units.per(linking, tenants, "database")
              + ")");
      int samples = Math.min(SAMPLE_TENANTS, tenants);
      for (int i = 1; i <= samples; i++) {
        DemoTenantRows.write(tenant(tenantDir, i), schemaDb);
      }
      out.println(
          "   wrote sample rows to "
              + Units.count(samples, "tenant")
              + " through "
              + DemoTenantRows.url(tenant(tenantDir, 1), schemaDb));
      out.println();

      out.println("3. one migration across the fleet:");
      DemoResources.withoutComments(DemoResources.MIGRATION)
          .lines()
          .forEach(l -> out.println("     " + l));
      out.flush();
      JobProgress progress = new JobProgress(out, progressOption.mode);
      s.addListener(progress);
      long id = s.submit(DemoResources.text(DemoResources.MIGRATION));
      progress.follow(id, -1);
      int migrated = new JobFollower(s, progress, out, spec.commandLine().getErr()).await(id, null);
      s.removeListener(progress);
      if (migrated != 0) {
        return migrated;
      }
      JobSummary job = s.job(id).orElseThrow();
      out.println();

      long c0 = System.nanoTime();
      List<Drift> drift = s.check();
      long checking = System.nanoTime() - c0;
      out.println(
          "4. check: "
              + (drift.isEmpty() ? "no drift" : drift.size() + " drifted")
              + " in "
              + Units.count(tenants, "linked database")
              + " ("
              + Units.nanos(checking)
              + ")");
      drift.forEach(
          d -> out.println("   " + d.database() + ": " + String.join("; ", d.differences())));
      Path first = tenant(tenantDir, 1);
      out.println(
          "   "
              + first.getFileName()
              + " kept its rows and has the new column: "
              + String.join(", ", DemoTenantRows.customers(first, schemaDb)));
      out.println();
      DemoReport.summary(out, tenants, linking, job, checking);
      out.println();
      DemoReport.next(out, schemaDb, id, first);
      return drift.isEmpty() ? 0 : 1;
    }
  }

  /**
   * Creates {@code root}, or refuses one that is not empty: a second demo must never mix with the
   * first.
   */
  private static void prepare(Path root) throws SQLException {
    try {
      if (Files.isRegularFile(root.resolve(SCHEMA_FILE))
          || RegistryFile.existsFor(root.resolve(SCHEMA_FILE))) {
        throw new SQLException(
            root
                + " already holds a demo ("
                + SCHEMA_FILE
                + "); look at it with `sharedschema jobs "
                + root.resolve(SCHEMA_FILE)
                + "`, or remove the directory (rm -r "
                + root
                + ") or pick another one to build a new demo",
            "42710");
      }
      if (Files.exists(root) && !Files.isDirectory(root)) {
        throw new SQLException(root + " is a file; give a new or empty directory", "42710");
      }
      if (Files.isDirectory(root)) {
        try (Stream<Path> entries = Files.list(root)) {
          if (entries.findAny().isPresent()) {
            throw new SQLException(
                root + " is not empty; the demo builds its fleet in a new or empty directory",
                "42710");
          }
        }
      }
      Files.createDirectories(root.resolve(TENANTS_DIR));
    } catch (IOException e) {
      throw new SQLException("cannot create the demo directory " + root + ": " + e, "58030");
    }
  }

  /**
   * Links the tenants in batches: each batch is created under one hold of the schema database's
   * lock and one registry commit, and the progress line moves once per batch.
   */
  private long link(SharedSchema s, Path tenantDir) throws SQLException {
    ProgressLine line =
        new ProgressLine(spec.commandLine().getOut(), progressOption.mode, "link", tenants);
    int batch = Math.max(1, Math.min(LINK_BATCH, tenants / 20));
    long started = System.nanoTime();
    try {
      for (int from = 1; from <= tenants; from += batch) {
        List<Path> paths = new ArrayList<>();
        for (int i = from; i < from + batch && i <= tenants; i++) {
          paths.add(tenant(tenantDir, i));
        }
        s.linkAll(paths);
        paths.forEach(p -> line.advance(false));
      }
    } finally {
      line.finish();
    }
    return System.nanoTime() - started;
  }

  private Path tenant(Path tenantDir, int i) {
    int width = Math.max(4, String.valueOf(tenants).length());
    return tenantDir.resolve(String.format("tenant-%0" + width + "d.db", i));
  }
}
