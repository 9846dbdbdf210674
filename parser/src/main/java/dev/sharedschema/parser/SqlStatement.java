package dev.sharedschema.parser;

/**
 * One statement of a SQL text, with what it does.
 *
 * @param sql the statement's text exactly as in the source, without the terminating semicolon
 * @param start offset of the first character of {@code sql} in the source text
 * @param end offset just past the last character of {@code sql} in the source text
 * @param number 1-based position of this statement among the non-empty statements of the text
 * @param kind what it does
 * @param temp true when it creates a TEMP object or names one explicitly ({@code CREATE TEMP …},
 *     {@code temp.t}); a TEMP object referred to by its bare name cannot be seen here
 * @param writesReserved true when it creates, renames to, alters, drops or writes an object whose
 *     name starts with {@code _sharedschema} (any case), or creates a trigger or view whose body
 *     names one
 * @param target the object the statement creates, alters, drops or writes (the table of an
 *     INSERT/UPDATE/DELETE), unquoted and without schema qualifier; {@code null} when none
 * @param pragma the parsed pragma for {@code PRAGMA} statements, else {@code null}
 * @param returnsRows true when executing it can produce a result set (SELECT, VALUES, PRAGMA,
 *     EXPLAIN, {@code … RETURNING})
 * @param schemaDetermined true when its outcome depends only on the schema, never on rows: two
 *     databases with the same schema both accept it or both refuse it the same way (schema changes
 *     that SQLite checks against no row, such as {@code ALTER TABLE … ADD COLUMN c INTEGER}; see
 *     docs/parser.md)
 */
public record SqlStatement(
    String sql,
    int start,
    int end,
    int number,
    StatementKind kind,
    boolean temp,
    boolean writesReserved,
    String target,
    Pragma pragma,
    boolean returnsRows,
    boolean schemaDetermined) {}
