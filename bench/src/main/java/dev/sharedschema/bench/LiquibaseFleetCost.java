package dev.sharedschema.bench;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.changelog.FastCheckService;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * What a Liquibase 4.33 {@code update} costs on a fleet of N linked databases: wall time and
 * migration jobs of (a) an update that runs one new changeset ({@code addColumn}, which Liquibase
 * does on SQLite as a table rebuild) and (b) an update with nothing to run, with the lock table
 * propagated like any table and with it listed in {@code shared_schema_local_tables}, against the
 * same update on one plain SQLite file (Liquibase's own cost). Runs are interleaved, in a rotating
 * order, so that fsync noise hits every mode alike; the jobs of the first timed update of each mode
 * are printed with their first statement.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.LiquibaseFleetCost --dbs 1000 --runs 3
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.LiquibaseFleetCost --quick
 * </pre>
 *
 * Options: {@code --dbs N} (1000), {@code --runs R} (3), {@code --dir D} (a new temp dir), {@code
 * --quick} (100 databases, 2 runs).
 */
public final class LiquibaseFleetCost {
  private static final String LOCAL_LOCK = "&shared_schema_local_tables=DATABASECHANGELOGLOCK";

  private int dbs = 1000;
  private int runs = 3;
  private Path dir;

  /** One way of running Liquibase: its own directory, URL and timings. */
  private record Mode(
      String name, Path home, String url, boolean fleet, RunTimes one, RunTimes noop) {
    static Mode of(String name, Path home, String url, boolean fleet) {
      return new Mode(
          name,
          home,
          url,
          fleet,
          new RunTimes(name + ", one changeset"),
          new RunTimes(name + ", no-op"));
    }
  }

  public static void main(String[] args) throws Exception {
    LiquibaseFleetCost c = new LiquibaseFleetCost();
    c.parse(args);
    for (Handler h : Logger.getLogger("").getHandlers()) {
      h.setLevel(Level.WARNING); // Liquibase logs every step at INFO
    }
    c.run(System.out);
    System.exit(0); // the scheduler's daemon threads need no orderly wind-down here
  }

  private void parse(String[] args) throws IOException {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dbs" -> dbs = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        case "--quick" -> {
          dbs = 100;
          runs = 2;
        }
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + "; use --dbs N --runs R --dir D --quick");
      }
    }
    if (dir == null) {
      dir = Files.createTempDirectory("sharedschema-liquibase");
    }
  }

  private void run(PrintStream out) throws Exception {
    out.printf(
        Locale.ROOT,
        "Liquibase update on %d linked databases, %d runs, in %s (%d cores)%n",
        dbs,
        runs,
        dir,
        Runtime.getRuntime().availableProcessors());
    List<Mode> modes =
        List.of(
            fleetMode("lock table propagated", "propagated", ""),
            fleetMode("lock table local", "local", LOCAL_LOCK),
            Mode.of(
                "plain SQLite file",
                dir.resolve("plain"),
                "jdbc:sqlite:" + dir.resolve("plain").resolve("plain.db"),
                false));
    Files.createDirectories(dir.resolve("plain"));
    Path warmUp = dir.resolve("warm-up");
    Files.createDirectories(warmUp);
    update(Mode.of("warm-up", warmUp, "jdbc:sqlite:" + warmUp.resolve("w.db"), false), 1);
    for (Mode m : modes) {
      long t0 = System.nanoTime();
      int jobs = update(m, 0); // creates DATABASECHANGELOG, the lock table and table t
      out.printf(
          Locale.ROOT,
          "first update (tables + changeset 0), %s: %.0f ms, %s%n",
          m.name(),
          (System.nanoTime() - t0) / 1e6,
          m.fleet() ? jobs + " jobs" : "no fleet");
    }
    for (int r = 1; r <= runs; r++) {
      for (int i = 0; i < modes.size(); i++) {
        Mode m = modes.get((i + r) % modes.size());
        long before = m.fleet() ? jobCount(m) : 0;
        long t0 = System.nanoTime();
        int one = update(m, r);
        m.one().add(System.nanoTime() - t0);
        t0 = System.nanoTime();
        int noop = update(m, r);
        m.noop().add(System.nanoTime() - t0);
        if (m.fleet()) {
          out.printf(
              Locale.ROOT,
              "run %d, %s: update of one changeset made %d jobs, no-op made %d:%n",
              r,
              m.name(),
              one,
              noop);
          printJobs(m, before, out);
        }
      }
    }
    out.println();
    for (Mode m : modes) {
      out.println(m.one().line(m.fleet() ? dbs : 1));
      out.println(m.noop().line(m.fleet() ? dbs : 1));
    }
  }

  private Mode fleetMode(String name, String sub, String extra) throws SQLException, IOException {
    Path home = dir.resolve(sub);
    Files.createDirectories(home);
    Path schema = home.resolve("schema.db");
    try (SharedSchema fleet = SharedSchema.init(schema)) {
      List<Path> tenants = new ArrayList<>();
      for (int i = 0; i < dbs; i++) {
        tenants.add(home.resolve("t" + i + ".db"));
      }
      fleet.linkAll(tenants);
    }
    return Mode.of(
        name, home, "jdbc:sharedschema:sqlite:" + schema + "?shared_schema=true" + extra, true);
  }

  /** Writes a changelog of changesets 0..{@code last} and runs {@code update}; returns its jobs. */
  private static int update(Mode m, int last) throws Exception {
    writeChangelog(m.home(), last);
    long before = m.fleet() ? jobCount(m) : 0;
    // Liquibase remembers "up to date" per URL and changelog for the life of the JVM; each update
    // here stands for a deployment, which starts a new JVM.
    Scope.getCurrentScope().getSingleton(FastCheckService.class).clearCache();
    try (Connection c = DriverManager.getConnection(m.url())) {
      Database database =
          DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      Map<String, Object> scope =
          Map.of(
              AnalyticsArgs.ENABLED.getKey(),
              false,
              Scope.Attr.ui.name(),
              new LoggerUIService(),
              Scope.Attr.resourceAccessor.name(),
              new DirectoryResourceAccessor(m.home()));
      Scope.child(
          scope,
          () ->
              new CommandScope(UpdateCommandStep.COMMAND_NAME)
                  .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                  .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, "changelog.xml")
                  .addArgumentValue(
                      ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                  .execute());
    }
    return m.fleet() ? (int) (jobCount(m) - before) : 0;
  }

  private static void writeChangelog(Path home, int last) throws IOException {
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\"\n"
                + "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                + "    xsi:schemaLocation=\"http://www.liquibase.org/xml/ns/dbchangelog"
                + " http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.33.xsd\">\n"
                + "  <changeSet id=\"0\" author=\"bench\">\n"
                + "    <createTable tableName=\"t\"><column name=\"id\" type=\"INTEGER\">"
                + "<constraints primaryKey=\"true\"/></column></createTable>\n"
                + "  </changeSet>\n");
    for (int k = 1; k <= last; k++) {
      xml.append("  <changeSet id=\"")
          .append(k)
          .append("\" author=\"bench\">\n    <addColumn tableName=\"t\"><column name=\"c")
          .append(k)
          .append("\" type=\"INTEGER\"/></addColumn>\n  </changeSet>\n");
    }
    xml.append("</databaseChangeLog>\n");
    Files.writeString(home.resolve("changelog.xml"), xml);
  }

  private static long jobCount(Mode m) throws SQLException {
    try (SharedSchema fleet = SharedSchema.open(m.home().resolve("schema.db"))) {
      return fleet.jobs().size();
    }
  }

  private static void printJobs(Mode m, long after, PrintStream out) throws SQLException {
    try (SharedSchema fleet = SharedSchema.open(m.home().resolve("schema.db"))) {
      List<JobSummary> jobs = new ArrayList<>(fleet.jobs());
      java.util.Collections.reverse(jobs);
      for (JobSummary j : jobs.subList((int) after, jobs.size())) {
        long ms =
            j.finishedAt() == null
                ? -1
                : j.finishedAt().toEpochMilli() - j.submittedAt().toEpochMilli();
        out.printf(Locale.ROOT, "  job %d (%d ms): %s%n", j.id(), ms, j.summary());
      }
    }
  }
}
