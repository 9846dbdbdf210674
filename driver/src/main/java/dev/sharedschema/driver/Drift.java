package dev.sharedschema.driver;

import java.nio.file.Path;
import java.util.List;

/**
 * How one database's schema differs from what the fleet expects.
 *
 * @param database the linked database, or the schema database itself
 * @param differences one readable line per difference ({@code missing index i}, {@code extra table
 *     x}, {@code user_version is 2, expected 3}, …); for a file that cannot be read, the reason
 * @param schemaDatabase true when {@code database} is the schema database, changed outside
 *     sharedschema since its last migration (its differences are against the schema it had then)
 */
public record Drift(Path database, List<String> differences, boolean schemaDatabase) {
  public Drift {
    differences = List.copyOf(differences);
  }

  /** Drift of a linked database. */
  public Drift(Path database, List<String> differences) {
    this(database, differences, false);
  }
}
