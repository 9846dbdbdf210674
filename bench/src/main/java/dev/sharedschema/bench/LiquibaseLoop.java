package dev.sharedschema.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * The other tool users loop over tenants with: Liquibase 4.33 {@code update} for every tenant (its
 * lock and changelog tables in each tenant). Every run appends the next changeset to one formatted
 * SQL changelog that all tenants read.
 */
final class LiquibaseLoop implements FanOutAnchor {
  private static final String CHANGELOG = "changelog.sql";

  /** Liquibase's console output per tenant would drown the report; this sends it to the log. */
  private static final LoggerUIService QUIET = new LoggerUIService();

  private final FleetPool pool;
  private final Path folder;
  private final String name;

  LiquibaseLoop(List<Path> databases, int threads, Path folder) throws Exception {
    this.pool = new FleetPool(databases, threads, "liquibase");
    this.folder = Files.createDirectories(folder);
    Files.writeString(folder.resolve(CHANGELOG), "--liquibase formatted sql\n");
    this.name =
        threads == 1 ? "liquibase loop, sequential" : "liquibase loop, " + threads + " threads";
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void addColumn(int column) throws Exception {
    Files.writeString(
        folder.resolve(CHANGELOG),
        "\n--changeset bench:c" + column + "\n" + FanOutAnchor.alter(column) + ";\n",
        StandardOpenOption.APPEND);
    pool.forEach(this::update);
  }

  private void update(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        DirectoryResourceAccessor resources = new DirectoryResourceAccessor(folder)) {
      Database database =
          DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      Scope.child(
          Map.of(Scope.Attr.resourceAccessor.name(), resources, Scope.Attr.ui.name(), QUIET),
          () ->
              new CommandScope("update")
                  .addArgumentValue("database", database)
                  .addArgumentValue("changelogFile", CHANGELOG)
                  .addArgumentValue("showSummaryOutput", UpdateSummaryOutputEnum.LOG)
                  .execute());
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
