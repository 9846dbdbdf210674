package dev.sharedschema.driver.internal.jdbc;

/**
 * What the wrappers need to know about the connection they wrap.
 *
 * @param url the {@code jdbc:sharedschema:…} URL the connection was opened with; returned by
 *     {@code DatabaseMetaData.getURL()}
 * @param gate checks every SQL text before it runs
 */
public record ConnectionContext(String url, SqlGate gate) {}
