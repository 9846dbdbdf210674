package dev.sharedschema.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * What a database-per-tenant app does today: Flyway 13 {@code migrate()} for every tenant, each
 * tenant with its own {@code flyway_schema_history} table. Every run writes the next versioned
 * migration ({@code V<k+1>__add_c<k>.sql}) to a folder all tenants read. The tenants start as
 * copies of a database that already has table {@code t}, so the first migrate baselines them at
 * version 0 ({@code baselineOnMigrate}), as a user adopting Flyway on existing tenants would.
 */
final class FlywayLoop implements FanOutAnchor {
  private final FleetPool pool;
  private final Path migrations;
  private final String name;

  FlywayLoop(List<Path> databases, int threads, Path migrations) throws Exception {
    this.pool = new FleetPool(databases, threads, "flyway");
    this.migrations = Files.createDirectories(migrations);
    this.name = threads == 1 ? "flyway loop, sequential" : "flyway loop, " + threads + " threads";
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void addColumn(int column) throws Exception {
    Files.writeString(
        migrations.resolve("V" + (column + 1) + "__add_c" + column + ".sql"),
        FanOutAnchor.alter(column) + ";\n");
    pool.forEach(this::migrate);
  }

  private void migrate(Path db) {
    FluentConfiguration config =
        Flyway.configure()
            .dataSource("jdbc:sqlite:" + db, null, null)
            .locations("filesystem:" + migrations)
            .baselineOnMigrate(true)
            .baselineVersion("0");
    config.load().migrate();
  }

  @Override
  public void close() {
    pool.close();
  }
}
