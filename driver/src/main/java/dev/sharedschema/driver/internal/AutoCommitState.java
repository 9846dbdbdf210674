package dev.sharedschema.driver.internal;

import java.sql.SQLException;

/** Tells a gate whether its connection is in autocommit, read only when a rule depends on it. */
@FunctionalInterface
interface AutoCommitState {
  boolean isAutoCommit() throws SQLException;
}
