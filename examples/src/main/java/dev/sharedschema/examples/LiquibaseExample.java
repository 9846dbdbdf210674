package dev.sharedschema.examples;

import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.driver.SharedSchemaDataSource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Liquibase 4.33 against the schema database through a {@code DataSource}. Liquibase recognises the
 * connection as SQLite (the product name stays {@code SQLite}) and commits each changeset, and then
 * its {@code DATABASECHANGELOG} row, in transactions of their own: each is one migration job, so
 * every tenant gets the change and its own history row, once.
 *
 * <p>Its lock table, {@code DATABASECHANGELOGLOCK}, is listed in {@code
 * shared_schema_local_tables}: Liquibase only ever locks the schema database, so acquiring and
 * releasing the lock stay there instead of costing two fleet-wide jobs per update (see
 * docs/liquibase.md). The table itself still reaches every tenant, so all schemas stay identical.
 *
 * <pre>
 * mvn -B -q -pl examples -am compile exec:java -Dexec.mainClass=dev.sharedschema.examples.LiquibaseExample
 * </pre>
 */
public final class LiquibaseExample {
  static final List<String> TENANTS = List.of("t1", "t2", "t3");
  static final String CHANGELOG = "db/changelog/db.changelog-master.xml";

  /** Keeps Liquibase's lock on the schema database: no job to take or release it. */
  static final String LOCAL_LOCK_TABLE = "shared_schema_local_tables=DATABASECHANGELOGLOCK";

  private LiquibaseExample() {}

  public static void main(String[] args) throws Exception {
    Path dir =
        args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("sharedschema-liquibase");
    run(dir, System.out);
  }

  static void run(Path dir, PrintStream out) throws Exception {
    Path schemaDb = fleet(dir, TENANTS);
    DataSource schema = schemaDataSource(schemaDb, true);
    out.println("Liquibase update made " + update(schemaDb, schema, CHANGELOG) + " migration jobs");
    out.println(
        "Liquibase update again (nothing to run) made "
            + update(schemaDb, schema, CHANGELOG)
            + " migration jobs");
    for (String t : TENANTS) {
      try (Connection c = DriverManager.getConnection(url(dir, t, schemaDb));
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT group_concat(ID, ',') FROM"
                      + " (SELECT ID FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED)")) {
        rs.next();
        out.println(t + ": DATABASECHANGELOG changesets " + rs.getString(1));
      }
    }
  }

  /** A schema database in {@code dir} with a linked database per tenant; returns its path. */
  static Path fleet(Path dir, List<String> tenants) throws SQLException, java.io.IOException {
    Files.createDirectories(dir);
    Path schemaDb = dir.resolve("schema.db");
    try (SharedSchema fleet = SharedSchema.init(schemaDb)) {
      List<Path> files = new ArrayList<>();
      for (String t : tenants) {
        files.add(dir.resolve(t + ".db"));
      }
      fleet.linkAll(files);
    }
    return schemaDb;
  }

  static SharedSchemaDataSource schemaDataSource(Path schemaDb, boolean localLockTable) {
    return new SharedSchemaDataSource(
        "jdbc:sharedschema:sqlite:"
            + schemaDb
            + "?shared_schema=true"
            + (localLockTable ? "&" + LOCAL_LOCK_TABLE : ""));
  }

  /** Runs Liquibase's {@code update} on the schema database; returns the migration jobs it made. */
  static int update(Path schemaDb, DataSource schema, String changelog) throws Exception {
    int before = jobs(schemaDb);
    try (Connection c = schema.getConnection()) {
      Database database =
          DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      // No usage reports from an example (Liquibase OSS sends them unless told not to).
      Map<String, Object> scope =
          Map.of(
              AnalyticsArgs.ENABLED.getKey(),
              false,
              Scope.Attr.resourceAccessor.name(),
              new ClassLoaderResourceAccessor(LiquibaseExample.class.getClassLoader()));
      Scope.child(
          scope,
          () ->
              new CommandScope(UpdateCommandStep.COMMAND_NAME)
                  .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                  .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                  .execute());
    }
    return jobs(schemaDb) - before;
  }

  static int jobs(Path schemaDb) throws SQLException {
    try (SharedSchema fleet = SharedSchema.open(schemaDb)) {
      return fleet.jobs().size();
    }
  }

  static String url(Path dir, String tenant, Path schemaDb) {
    return "jdbc:sharedschema:sqlite:"
        + dir.resolve(tenant + ".db")
        + "?shared_schema_name="
        + schemaDb;
  }
}
