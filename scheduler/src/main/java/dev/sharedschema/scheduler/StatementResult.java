package dev.sharedschema.scheduler;

import java.util.List;

/**
 * What one statement of a migration returned on the schema database, so the writer gets the schema
 * database's result (DESIGN.md §4).
 *
 * @param updateCount rows changed, or -1 when the statement produced rows instead
 * @param columns column names of the rows ({@code RETURNING}, or a statement that returns rows);
 *     empty when none
 * @param rows the rows, each value {@code null}, {@link Long}, {@link Double}, {@link String} or
 *     {@code byte[]}
 * @param lastInsertRowid {@code last_insert_rowid()} after the statement
 */
public record StatementResult(
    long updateCount, List<String> columns, List<List<Object>> rows, long lastInsertRowid) {
  public StatementResult {
    columns = List.copyOf(columns);
    rows =
        rows.stream()
            .map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r)))
            .toList();
  }
}
