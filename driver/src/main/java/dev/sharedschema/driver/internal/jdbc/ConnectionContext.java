package dev.sharedschema.driver.internal.jdbc;

import dev.sharedschema.driver.internal.schema.SchemaSession;

/**
 * What the wrappers need to know about the connection they wrap.
 *
 * @param url the {@code jdbc:sharedschema:…} URL the connection was opened with; returned by {@code
 *     DatabaseMetaData.getURL()}
 * @param gate checks every SQL text before it runs
 * @param session for a schema connection, what turns its writes into migrations; else {@code null}
 */
public record ConnectionContext(String url, SqlGate gate, SchemaSession session) {
  /** A connection whose writes run where they are sent (plain and linked connections). */
  public ConnectionContext(String url, SqlGate gate) {
    this(url, gate, null);
  }
}
