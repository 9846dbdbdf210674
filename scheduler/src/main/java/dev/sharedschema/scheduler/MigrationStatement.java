package dev.sharedschema.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One statement of a migration with its bound parameters, which travel with it to every database.
 *
 * @param sql the statement text (one statement)
 * @param parameters values for {@code ?1…?n}, each {@code null}, {@link Long}, {@link Double},
 *     {@link String} or {@code byte[]} (SQLite's five storage classes)
 * @param schemaOnly true for a write to a table that only the schema database keeps (the driver's
 *     {@code shared_schema_local_tables}): it is applied in the schema database's dry run and final
 *     step, atomically with the rest of the migration, and skipped on every linked database
 */
public record MigrationStatement(String sql, List<Object> parameters, boolean schemaOnly) {

  public MigrationStatement {
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("a migration statement needs SQL text");
    }
    List<Object> copy = new ArrayList<>(parameters.size());
    for (Object p : parameters) {
      if (p != null
          && !(p instanceof Long
              || p instanceof Double
              || p instanceof String
              || p instanceof byte[])) {
        throw new IllegalArgumentException(
            "parameter of type "
                + p.getClass().getName()
                + " is not an SQLite value (null, Long, Double, String, byte[])");
      }
      copy.add(p instanceof byte[] b ? b.clone() : p);
    }
    parameters = Collections.unmodifiableList(copy);
  }

  /** A statement for every database. */
  public MigrationStatement(String sql, List<Object> parameters) {
    this(sql, parameters, false);
  }

  /** A statement without parameters. */
  public static MigrationStatement of(String sql) {
    return new MigrationStatement(sql, List.of());
  }

  /** This statement, applied to the schema database only. */
  public MigrationStatement toSchemaOnly() {
    return new MigrationStatement(sql, parameters, true);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MigrationStatement m)
        || m.schemaOnly != schemaOnly
        || !m.sql.equals(sql)
        || m.parameters.size() != parameters.size()) {
      return false;
    }
    for (int i = 0; i < parameters.size(); i++) {
      Object a = parameters.get(i);
      Object b = m.parameters.get(i);
      boolean same =
          a instanceof byte[] x && b instanceof byte[] y
              ? Arrays.equals(x, y)
              : java.util.Objects.equals(a, b);
      if (!same) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return (sql.hashCode() * 31 + parameters.size()) * 2 + (schemaOnly ? 1 : 0);
  }
}
