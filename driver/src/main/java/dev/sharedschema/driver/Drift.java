package dev.sharedschema.driver;

import java.nio.file.Path;
import java.util.List;

/**
 * How one linked database's schema differs from the schema database's.
 *
 * @param database the linked database
 * @param differences one readable line per difference ({@code missing index i}, {@code extra table
 *     x}, {@code user_version is 2, expected 3}, …); for a file that cannot be read, the reason
 */
public record Drift(Path database, List<String> differences) {}
