package dev.sharedschema.scheduler;

import java.nio.file.Path;
import java.sql.SQLException;

/** A database could not be linked to a schema database; the message says why and what to do. */
public final class LinkRefusedException extends SQLException {
  private static final long serialVersionUID = 1L;
  private final transient Path database;

  public LinkRefusedException(Path database, String reason) {
    super("cannot link " + database + ": " + reason, "08004");
    this.database = database;
  }

  public Path database() {
    return database;
  }
}
