package dev.sharedschema.scheduler;

import java.nio.file.Path;
import java.sql.SQLException;

/** A file was named as a schema database but has no registry beside it. */
public final class NotASchemaDatabaseException extends SQLException {
  private static final long serialVersionUID = 1L;
  private final transient Path database;

  public NotASchemaDatabaseException(Path database) {
    super(
        database
            + " is not a schema database: "
            + RegistryFile.pathFor(database).getFileName()
            + " does not exist beside it. Open it once with"
            + " jdbc:sharedschema:sqlite:"
            + database
            + "?shared_schema=true (or run `sharedschema init "
            + database
            + "`) first.",
        "08001");
    this.database = database;
  }

  public Path database() {
    return database;
  }
}
