package dev.sharedschema.driver.identity;

import static dev.sharedschema.driver.identity.IdentityFleet.WAIT;
import static dev.sharedschema.driver.identity.IdentityFleet.applied;
import static dev.sharedschema.driver.identity.IdentityFleet.hasColumn;
import static dev.sharedschema.driver.identity.IdentityFleet.planNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedschema.driver.Drift;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.MigrationFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators do to files (issue 11): copy a fleet, relink, restore, copy a tenant, reach a file
 * through a symlink, make a tenant a schema database, restore a registry, change the schema
 * database by hand. Each test is one numbered case of the issue and failed before identities and
 * catch-up existed.
 */
class FleetIdentityTest {
  @TempDir Path root;

  /**
   * Case 1: a staging copy of schema and registry can never link, migrate or register prod's files.
   */
  @Test
  void aCopiedFleetCannotLinkOrMigrateTheOriginalsFiles() throws Exception {
    Path prodDir = root.resolve("prod");
    IdentityFleet prod = IdentityFleet.create(prodDir);
    // Tenants outside the schema database's directory: stored as absolute paths in the registry,
    // so a copied registry lists the very same files.
    Path a = prod.tenant(root.resolve("tenants-prod/a.db"));
    Path b = prod.tenant(prodDir.resolve("tenants/b.db"));
    long before = prod.head();
    Path stagingDir = Files.createDirectories(root.resolve("staging"));
    Path staging = stagingDir.resolve("schema.db");
    Files.copy(prod.schema, staging);
    Files.copy(
        prodDir.resolve("schema.db.sharedschema"), stagingDir.resolve("schema.db.sharedschema"));

    try (SharedSchema s = SharedSchema.open(staging)) {
      assertThatThrownBy(() -> s.link(b))
          .isInstanceOf(SQLException.class)
          .hasFieldOrPropertyWithValue("SQLState", "08004")
          .hasMessageContaining(prod.schema.toString())
          .hasMessageContaining(staging.toString())
          .hasMessageNotContaining("delete");
      assertThatThrownBy(() -> s.migrate("ALTER TABLE plan ADD COLUMN staging_only INTEGER", WAIT))
          .isInstanceOf(MigrationFailedException.class)
          .hasMessageContaining(a.toString())
          .hasMessageContaining(prod.schema.toString());
    }
    assertThat(hasColumn(a, "plan", "staging_only")).isFalse();
    assertThat(applied(a)).isEmpty();

    long job = prod.migrate("ALTER TABLE plan ADD COLUMN price INTEGER");
    for (Path t : List.of(a, b)) {
      assertThat(hasColumn(t, "plan", "price")).as(t.toString()).isTrue();
      prod.assertHoldsExactly(t, before);
    }
    assertThat(applied(a)).containsExactly(job);
  }

  /** Case 2: a tenant unlinked while a data migration ran gets it when linked again. */
  @Test
  void aRelinkedTenantCatchesUpOnWhatItMissed() throws Exception {
    IdentityFleet f = IdentityFleet.create(root.resolve("fleet"));
    long since = f.head();
    Path t1 = f.tenant(f.dir.resolve("t1.db"));
    Path t2 = f.tenant(f.dir.resolve("t2.db"));
    f.migrate("INSERT INTO plan(id, name) VALUES (1, 'free')");
    try (SharedSchema s = f.open()) {
      assertThat(s.unlink(t2)).isTrue();
    }
    f.migrate("INSERT INTO plan(id, name) VALUES (2, 'pro')");
    f.migrate("ALTER TABLE plan ADD COLUMN price INTEGER");
    try (SharedSchema s = f.open()) {
      s.link(t2);
      assertThat(s.links()).contains(t2.toRealPath());
      assertThat(s.check()).isEmpty();
    }
    assertThat(planNames(t2)).containsExactly("free", "pro");
    assertThat(hasColumn(t2, "plan", "price")).isTrue();
    f.assertHoldsExactly(t1, since);
    f.assertHoldsExactly(t2, since);
  }

  /** Case 3: a tenant put back from an older backup gets the jobs in between first, in order. */
  @Test
  void aTenantRestoredFromABackupCatchesUpInOrder() throws Exception {
    IdentityFleet f = IdentityFleet.create(root.resolve("fleet"));
    long since = f.head();
    Path t1 = f.tenant(f.dir.resolve("t1.db"));
    Path t2 = f.tenant(f.dir.resolve("t2.db"));
    f.migrate("INSERT INTO plan(id, name) VALUES (1, 'free')");
    Path backup = root.resolve("t1.backup");
    Files.copy(t1, backup);
    f.migrate("ALTER TABLE plan ADD COLUMN price INTEGER");
    f.migrate("UPDATE plan SET price = 10 WHERE id = 1");
    Files.copy(backup, t1, StandardCopyOption.REPLACE_EXISTING);

    f.migrate("INSERT INTO plan(id, name, price) VALUES (2, 'pro', 20)");
    assertThat(IdentityFleet.column(t1, "SELECT name || '=' || price FROM plan ORDER BY id"))
        .containsExactly("free=10", "pro=20");
    f.assertHoldsExactly(t1, since);
    f.assertHoldsExactly(t2, since);
    try (SharedSchema s = f.open()) {
      assertThat(s.check()).isEmpty();
    }
  }

  /** Case 3, without waiting for a migration: linking the restored file again catches it up. */
  @Test
  void linkingARestoredTenantAgainCatchesItUpAtOnce() throws Exception {
    IdentityFleet f = IdentityFleet.create(root.resolve("fleet"));
    long since = f.head();
    Path t1 = f.tenant(f.dir.resolve("t1.db"));
    Path backup = root.resolve("t1.backup");
    Files.copy(t1, backup);
    f.migrate("ALTER TABLE plan ADD COLUMN price INTEGER");
    Files.copy(backup, t1, StandardCopyOption.REPLACE_EXISTING);
    try (SharedSchema s = f.open()) {
      s.link(t1);
      assertThat(s.check()).isEmpty();
    }
    assertThat(hasColumn(t1, "plan", "price")).isTrue();
    f.assertHoldsExactly(t1, since);
  }

  /**
   * Case 4: a copy of a tenant opened with the key-less URL is not silently used as linked; linking
   * it catches it up, and nothing advises deleting a file that holds rows.
   */
  @Test
  void aCopyOfATenantIsLinkedByCatchingUpNeverByDeletingIt() throws Exception {
    IdentityFleet f = IdentityFleet.create(root.resolve("fleet"));
    long since = f.head();
    Path t1 = f.tenant(f.dir.resolve("t1.db"));
    IdentityFleet.exec(t1, "INSERT INTO plan(id, name) VALUES (100, 'tenant row')");
    Path copy = f.dir.resolve("t1-copy.db");
    Files.copy(t1, copy);
    f.migrate("ALTER TABLE plan ADD COLUMN price INTEGER");

    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:sharedschema:sqlite:" + copy))
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "08004")
        .hasMessageContaining("not linked")
        .hasMessageContaining("sharedschema link")
        .hasMessageNotContaining("delete");
    try (SharedSchema s = f.open()) {
      s.link(copy);
      assertThat(s.links()).contains(copy.toRealPath());
    }
    assertThat(hasColumn(copy, "plan", "price")).isTrue();
    assertThat(planNames(copy)).containsExactly("tenant row");
    long next = f.migrate("ALTER TABLE plan ADD COLUMN tier TEXT");
    assertThat(applied(copy)).endsWith(next);
    f.assertHoldsExactly(copy, since);
    try (Connection c = DriverManager.getConnection("jdbc:sharedschema:sqlite:" + copy)) {
      IdentityFleet.exec(c, "INSERT INTO plan(id, name) VALUES (101, 'works')");
    }
  }

  /** Case 5: one file reached through a symlinked directory and its real path is one link. */
  @Test
  void aFileReachedThroughASymlinkIsOneLink() throws Exception {
    IdentityFleet f = IdentityFleet.create(root.resolve("fleet"));
    Path real = Files.createDirectories(f.dir.resolve("real"));
    Path alias = Files.createSymbolicLink(f.dir.resolve("alias"), real);
    Path viaAlias = alias.resolve("t.db");
    Path viaReal = real.resolve("t.db");
    try (SharedSchema s = f.open()) {
      s.link(viaAlias);
      s.link(viaReal);
      s.link(f.dir.resolve("real/../real/t.db"));
      assertThat(s.links()).containsExactly(viaReal.toRealPath());
      assertThat(s.unlink(viaAlias)).isTrue();
      assertThat(s.links()).isEmpty();
      s.link(viaReal);
    }
    f.migrate("ALTER TABLE plan ADD COLUMN price INTEGER");
    assertThat(hasColumn(viaReal, "plan", "price")).isTrue();
  }

  /** Case 6: a linked database never becomes a schema database. */
  @Test
  void aLinkedTenantCannotBecomeASchemaDatabase() throws Exception {
    IdentityFleet f = IdentityFleet.create(root.resolve("fleet"));
    Path t1 = f.tenant(f.dir.resolve("t1.db"));
    assertThatThrownBy(() -> SharedSchema.init(t1))
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "08004")
        .hasMessageContaining(f.schema.toString());
    assertThatThrownBy(() -> DriverManager.getConnection(IdentityFleet.schemaUrl(t1)))
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "08004");
    assertThat(f.dir.resolve("t1.db.sharedschema")).doesNotExist();
    assertThatThrownBy(() -> SharedSchema.open(t1))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("linked database")
        .hasMessageContaining(f.schema.toString())
        .hasMessageNotContaining("init");
  }

  /**
   * Case 7: a registry restored from an older backup issues a job id again; a tenant that holds the
   * old job of that id does not skip the new one: its dry run fails and says why.
   */
  @Test
  void aRestoredRegistryNeverMakesANewJobLookApplied() throws Exception {
    IdentityFleet f = IdentityFleet.create(root.resolve("fleet"));
    Path t1 = f.tenant(f.dir.resolve("t1.db"));
    Path backup = Files.createDirectories(root.resolve("backup"));
    Files.copy(f.schema, backup.resolve("schema.db"));
    Files.copy(f.dir.resolve("schema.db.sharedschema"), backup.resolve("schema.db.sharedschema"));
    long old = f.migrate("ALTER TABLE plan ADD COLUMN price INTEGER");
    Files.copy(backup.resolve("schema.db"), f.schema, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        backup.resolve("schema.db.sharedschema"),
        f.dir.resolve("schema.db.sharedschema"),
        StandardCopyOption.REPLACE_EXISTING);

    try (SharedSchema s = f.open()) {
      assertThatThrownBy(() -> s.migrate("ALTER TABLE plan ADD COLUMN tier TEXT", WAIT))
          .isInstanceOf(MigrationFailedException.class)
          .hasMessageContaining(t1.toString())
          .hasMessageContaining("job " + old)
          .hasMessageContaining("does not know");
    }
    assertThat(hasColumn(t1, "plan", "tier")).isFalse();
    assertThat(hasColumn(f.schema, "plan", "tier")).isFalse();
  }

  /** Case 8: a change made to the schema database outside the driver is reported as its drift. */
  @Test
  void aSchemaDatabaseChangedByHandIsReportedAsItsOwnDrift() throws Exception {
    IdentityFleet f = IdentityFleet.create(root.resolve("fleet"));
    f.tenant(f.dir.resolve("t1.db"));
    f.tenant(f.dir.resolve("t2.db"));
    f.migrate("ALTER TABLE plan ADD COLUMN price INTEGER");
    IdentityFleet.exec(f.schema, "CREATE TABLE by_hand(x)");
    try (SharedSchema s = f.open()) {
      List<Drift> drift = s.check();
      assertThat(drift).hasSize(1);
      assertThat(drift.get(0).database()).isEqualTo(f.schema.toRealPath());
      assertThat(drift.get(0).schemaDatabase()).isTrue();
      assertThat(drift.get(0).differences()).anyMatch(d -> d.contains("by_hand"));
    }
  }
}
