package dev.sharedschema.bench;

/**
 * One way of adding a column to every database of a fleet, measured by {@link FanOutComparison}.
 * Each anchor owns its own copy of the fleet, so every run adds column {@code c<k>} everywhere.
 */
interface FanOutAnchor extends AutoCloseable {
  /** Short label for the report, e.g. {@code "flyway loop, 8 threads"}. */
  String name();

  /**
   * Adds {@code ALTER TABLE t ADD COLUMN c<column> INTEGER} to every database; returns when done.
   */
  void addColumn(int column) throws Exception;

  @Override
  default void close() throws Exception {}

  static String alter(int column) {
    return "ALTER TABLE t ADD COLUMN c" + column + " INTEGER";
  }
}
