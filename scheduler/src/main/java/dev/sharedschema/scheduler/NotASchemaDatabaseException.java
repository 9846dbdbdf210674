package dev.sharedschema.scheduler;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

/** A file was named as a schema database but has no registry beside it. */
public final class NotASchemaDatabaseException extends SQLException {
  private static final long serialVersionUID = 1L;
  private final transient Path database;

  public NotASchemaDatabaseException(Path database) {
    this(database, Optional.empty());
  }

  /**
   * @param schemaOfIt when {@code database} is a linked database, its schema database: the message
   *     then names that one instead of suggesting to make this file a schema database
   */
  public NotASchemaDatabaseException(Path database, Optional<Path> schemaOfIt) {
    super(message(database, schemaOfIt), "08001");
    this.database = database;
  }

  private static String message(Path database, Optional<Path> schemaOfIt) {
    if (schemaOfIt.isPresent()) {
      return database
          + " is not a schema database: it is a linked database of "
          + schemaOfIt.get()
          + ". Name that schema database instead (e.g. `sharedschema jobs "
          + schemaOfIt.get()
          + "`).";
    }
    return database
        + " is not a schema database: "
        + RegistryFile.pathFor(database).getFileName()
        + " does not exist beside it. Open it once with"
        + " jdbc:sharedschema:sqlite:"
        + database
        + "?shared_schema=true (or run `sharedschema init "
        + database
        + "`) first.";
  }

  public Path database() {
    return database;
  }
}
