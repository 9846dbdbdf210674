package dev.sharedschema.scheduler;

import java.nio.file.Path;
import java.sql.SQLException;

/** A database could not be linked to a schema database; the message says why and what to do. */
public final class LinkRefusedException extends SQLException {
  private static final long serialVersionUID = 1L;
  private final transient Path database;

  public LinkRefusedException(Path database, String reason) {
    this(database, reason, "cannot link " + database);
  }

  /** With another lead than "cannot link FILE" (e.g. "cannot make FILE a schema database"). */
  public LinkRefusedException(Path database, String reason, String lead) {
    super(lead + ": " + reason, "08004");
    this.database = database;
  }

  /** With SQLite's error that caused it, whose result code is kept as the vendor code. */
  public LinkRefusedException(Path database, String reason, SQLException cause) {
    super("cannot link " + database + ": " + reason, "08004", cause.getErrorCode(), cause);
    this.database = database;
  }

  public Path database() {
    return database;
  }
}
