package dev.sharedschema.driver.internal;

import dev.sharedschema.driver.internal.jdbc.ConnectionContext;
import dev.sharedschema.driver.internal.jdbc.JdbcWrappers;
import dev.sharedschema.driver.internal.jdbc.SqlGate;
import dev.sharedschema.driver.internal.schema.LocalReads;
import dev.sharedschema.driver.internal.schema.SchemaSession;
import dev.sharedschema.parser.SqlClassifier;
import dev.sharedschema.scheduler.CanonicalPath;
import dev.sharedschema.scheduler.FleetNode;
import dev.sharedschema.scheduler.LinkRecord;
import dev.sharedschema.scheduler.Linker;
import dev.sharedschema.scheduler.NodeSettings;
import dev.sharedschema.scheduler.Registry;
import dev.sharedschema.scheduler.RegistryFile;
import dev.sharedschema.scheduler.Scheduler;
import dev.sharedschema.scheduler.SchedulerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import org.sqlite.JDBC;
import org.sqlite.SQLiteException;

/**
 * Opens a connection for a parsed URL: decides the role (DESIGN.md §3), prepares the files that
 * role needs (registry, link), opens the sqlite-jdbc delegate and wraps it with the role's gate.
 */
public final class ConnectionOpener {
  /**
   * A linked connection opened through the driver waits this long on a busy file unless told
   * otherwise.
   */
  static final String LINKED_BUSY_TIMEOUT_MS = "10000";

  private static final JDBC SQLITE = new JDBC();

  private final SqlClassifier classifier;
  private final Clock clock;

  public ConnectionOpener(SqlClassifier classifier, Clock clock) {
    this.classifier = classifier;
    this.clock = clock;
  }

  public Connection open(ConnectionSpec spec) throws SQLException {
    Settings s = spec.settings();
    DatabaseLocation location = spec.location();
    if (s.sharedSchema() && s.schemaName() != null) {
      throw new SQLException(
          spec.url()
              + " sets both shared_schema=true and shared_schema_name: a file is either a"
              + " schema database or a linked database. Remove one of the two keys.",
          "08001");
    }
    if (s.hasRoleKeys() && !location.isFile()) {
      throw new SQLException(
          spec.url()
              + " points at "
              + location.description()
              + ", which cannot be a schema or"
              + " linked database: only database files can. Use a file path, or drop the"
              + " shared_schema keys for plain sqlite-jdbc behaviour.",
          "08001");
    }
    if (s.registry() != null && s.schemaName() != null) {
      throw new SQLException(
          spec.url()
              + " sets both shared_schema_registry and shared_schema_name: a tenant of a fleet"
              + " whose registry is in PostgreSQL names its fleet by the registry alone. Remove"
              + " shared_schema_name.",
          "08001");
    }
    if (s.hasRoleKeys()) {
      requireDirectory(spec, location.file());
    }
    if (s.sharedSchema()) {
      return openSchema(spec, true);
    }
    if (s.schemaName() != null) {
      return openLinked(spec, Path.of(s.schemaName()));
    }
    if (s.registry() != null) {
      return RegistryFile.existsFor(location.file())
          ? openSchema(spec, false)
          : openNodeTenant(spec);
    }
    if (location.isFile() && RegistryFile.existsFor(location.file())) {
      return openSchema(spec, false);
    }
    return openPlainOrLinked(spec);
  }

  private static void requireDirectory(ConnectionSpec spec, Path file) throws SQLException {
    Path dir = file.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new SQLException(
          "cannot open "
              + file
              + " from "
              + spec.url()
              + ": the directory "
              + dir
              + " does not exist. Create it first; sharedschema creates database files, not directories.",
          "08001");
    }
  }

  private Connection openSchema(ConnectionSpec spec, boolean create) throws SQLException {
    Path file = spec.location().file();
    SchemaDatabaseGuard.checkRequested(spec, file);
    String readOnly = ReadOnlyOpen.reason(spec);
    if (create && readOnly != null && !RegistryFile.existsFor(file)) {
      throw new SQLException(
          "cannot make "
              + file
              + " a schema database through a read-only connection ("
              + readOnly
              + "): that would create its registry. Open it once without read-only mode (or run"
              + " `sharedschema init "
              + file
              + "`), then read-only.",
          "25006");
    }
    boolean isNew = !Files.exists(file) || sizeOf(file) == 0;
    Connection raw = connect(spec, spec.sqliteProperties());
    Scheduler scheduler = null;
    try {
      if (isNew) {
        // Write the header now, with this URL's page size, encoding and auto_vacuum: migrations are
        // applied through the scheduler's own connections, which must find a database file.
        try (Statement st = raw.createStatement()) {
          st.execute("PRAGMA user_version = 0");
        }
      }
      SchemaDatabaseGuard.ensureRollbackJournal(raw, file);
      if (readOnly == null && raw.isReadOnly()) {
        readOnly = "opened read-only";
      }
      Settings settings = spec.settings();
      if (readOnly == null) {
        // Only once the file has shown it is an SQLite database: a registry beside anything else
        // would make it look like a schema database.
        if (create) {
          NodeSettings scaleOut = settings.nodeSettings();
          if (scaleOut != null) {
            scaleOut.openOrCreate(file, schedulerOptions(settings)).close();
          } else {
            RegistryFile.openOrCreate(file, clock).close();
          }
        }
        // A read-only connection starts no scheduler: it would resume jobs and heartbeat a lease.
        scheduler = Scheduler.acquire(file, schedulerOptions(settings));
      }
      SchemaSession session =
          new SchemaSession(
              file,
              scheduler,
              classifier,
              settings.localTables(),
              raw,
              settings.timeout(),
              readOnly);
      SqlGate gate =
          new SchemaGate(
              classifier,
              file,
              settings.allowAttach(),
              raw::getAutoCommit,
              new LocalReads(settings.localTables(), classifier, raw),
              session::readOnly);
      return JdbcWrappers.wrap(raw, new ConnectionContext(spec.url(), gate, session));
    } catch (SQLException e) {
      closeQuietly(raw, scheduler, e);
      throw named(file, e);
    } catch (RuntimeException e) {
      closeQuietly(raw, scheduler, e);
      throw e;
    }
  }

  private static void closeQuietly(Connection raw, Scheduler scheduler, Exception e) {
    if (scheduler != null) {
      scheduler.release();
    }
    try {
      raw.close();
    } catch (SQLException c) {
      e.addSuppressed(c);
    }
  }

  /**
   * SQLite's own errors do not say which file they are about ("file is not a database"): say it,
   * keeping the SQLState and SQLite's result code.
   */
  private static SQLException named(Path file, SQLException e) {
    String message = String.valueOf(e.getMessage());
    if (!(e instanceof SQLiteException) || message.contains(file.toString())) {
      return e;
    }
    return new SQLException(
        "cannot open schema database " + file + ": " + message,
        e.getSQLState(),
        e.getErrorCode(),
        e);
  }

  private static long sizeOf(Path file) throws SQLException {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new SQLException("cannot read " + file + ": " + e.getMessage(), "08001", e);
    }
  }

  private SchedulerOptions schedulerOptions(Settings s) {
    SchedulerOptions o =
        SchedulerOptions.DEFAULTS
            .withWorkers(s.workers())
            .withBusyTimeout(s.busyTimeout())
            .withClock(clock);
    return s.nodeSettings() == null ? o : o.withRegistry(s.nodeSettings().provider());
  }

  /**
   * A tenant on a node of a fleet whose registry is in PostgreSQL (DESIGN.md §10): a missing file
   * is made from the node's template; a file that fell behind is caught up. The first such
   * connection starts this JVM's share of the node's work, which runs until the JVM exits.
   */
  private Connection openNodeTenant(ConnectionSpec spec) throws SQLException {
    Path file = CanonicalPath.of(spec.location().file());
    FleetNode node =
        FleetNode.acquire(spec.settings().nodeSettings(), schedulerOptions(spec.settings()));
    if (!Files.exists(file)) {
      node.linker().link(file);
    }
    Connection raw = connect(spec, withLinkedBusyTimeout(spec));
    try {
      Optional<LinkRecord> link = Linker.readLink(raw, file);
      if (link.isEmpty()
          || !link.get().registryId().equals(node.registry().id())
          || !Linker.isVerified(file)) {
        node.linker().linkExisting(raw, file);
      }
      return wrap(
          raw,
          spec,
          new LinkedGate(
              classifier, file, node.registry().schemaDatabase(), spec.settings().allowAttach()));
    } catch (SQLException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  private Connection openLinked(ConnectionSpec spec, Path schemaName) throws SQLException {
    Path file = CanonicalPath.of(spec.location().file());
    Path schema = CanonicalPath.of(schemaName);
    if (schema.equals(file)) {
      throw new SQLException(
          spec.url()
              + " names the file as its own schema database. Use shared_schema=true to make"
              + " it a schema database, or name another file in shared_schema_name.",
          "08001");
    }
    if (!Files.exists(file)) {
      try (Registry registry = RegistryFile.open(schema, clock)) {
        new Linker(registry, clock).link(file);
      }
    }
    Connection raw = connect(spec, withLinkedBusyTimeout(spec));
    try {
      Optional<LinkRecord> link = Linker.readLink(raw, file);
      if (link.isEmpty()
          || !schema.equals(link.get().schemaDatabase())
          || !Linker.isVerified(file)) {
        // Links it, or catches it up when it fell behind (restored, replaced, relinked).
        try (Registry registry = RegistryFile.open(schema, clock)) {
          new Linker(registry, clock).linkExisting(raw, file);
        }
      }
      return wrap(
          raw, spec, new LinkedGate(classifier, file, schema, spec.settings().allowAttach()));
    } catch (SQLException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  private Connection openPlainOrLinked(ConnectionSpec spec) throws SQLException {
    Connection raw = connect(spec, spec.sqliteProperties());
    try {
      if (!spec.location().isFile()) {
        return wrap(raw, spec, SqlGate.PASS_THROUGH);
      }
      Path file = CanonicalPath.of(spec.location().file());
      Optional<LinkRecord> link = Linker.readLink(raw, file);
      if (link.isEmpty()) {
        return wrap(raw, spec, SqlGate.PASS_THROUGH);
      }
      if (link.get().node() != null) {
        throw new SQLException(
            file
                + " is a tenant of node "
                + link.get().node()
                + " of a fleet whose registry is in PostgreSQL (registry id "
                + link.get().registryId()
                + "). Open it with shared_schema_registry=<the registry's jdbc:postgresql: URL>"
                + " (and shared_schema_node="
                + link.get().node()
                + " unless that is this host's name), or with jdbc:sqlite: to read it as a plain"
                + " database.",
            "08004");
      }
      Path schema = link.get().schemaDatabase();
      if (!Linker.isVerified(file)) {
        verifyMarkedFile(raw, file, schema);
      }
      if (spec.sqliteOption("busy_timeout") == null) {
        try (Statement st = raw.createStatement()) {
          st.execute("PRAGMA busy_timeout = " + LINKED_BUSY_TIMEOUT_MS);
        }
      }
      return wrap(
          raw, spec, new LinkedGate(classifier, file, schema, spec.settings().allowAttach()));
    } catch (SQLException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * A file that carries a link mark is used as a linked database only if its fleet lists it: a copy
   * of a tenant (or a file whose link did not finish) would otherwise take writes as a linked
   * database and never get a migration. One that is listed is caught up if it fell behind.
   */
  private void verifyMarkedFile(Connection raw, Path file, Path schema) throws SQLException {
    if (!RegistryFile.existsFor(schema)) {
      throw new SQLException(
          file
              + " is marked as a linked database of "
              + schema
              + ", which is not a schema database (no "
              + RegistryFile.pathFor(schema).getFileName()
              + " beside it: moved, or not restored with it). Restore the schema database and its"
              + " registry together, or open the file with jdbc:sqlite: to read it as a plain"
              + " database.",
          "08004");
    }
    try (Registry registry = RegistryFile.open(schema, clock)) {
      if (!registry.isLinked(file)) {
        throw new SQLException(
            file
                + " carries the link mark of the schema database "
                + schema
                + " but is not linked there (a copy of a linked database, or a link that did not"
                + " finish), so it would get no migration. Link it — `sharedschema link "
                + schema
                + " "
                + file
                + "` or SharedSchema.link — and it catches up on the migrations it missed;"
                + " or open it with jdbc:sqlite: to read it as a plain database.",
            "08004");
      }
      new Linker(registry, clock).linkExisting(raw, file);
    }
  }

  private static Properties withLinkedBusyTimeout(ConnectionSpec spec) {
    if (spec.sqliteOption("busy_timeout") != null) {
      return spec.sqliteProperties();
    }
    Properties p = new Properties();
    p.putAll(spec.sqliteProperties());
    p.setProperty("busy_timeout", LINKED_BUSY_TIMEOUT_MS);
    return p;
  }

  private static Connection connect(ConnectionSpec spec, Properties props) throws SQLException {
    Connection c = SQLITE.connect(spec.sqliteUrl(), props);
    if (c == null) {
      throw new SQLException("sqlite-jdbc did not accept " + spec.sqliteUrl(), "08001");
    }
    return c;
  }

  private static Connection wrap(Connection raw, ConnectionSpec spec, SqlGate gate) {
    return JdbcWrappers.wrap(raw, new ConnectionContext(spec.url(), gate));
  }
}
