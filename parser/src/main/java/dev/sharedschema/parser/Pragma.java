package dev.sharedschema.parser;

/**
 * A parsed {@code PRAGMA [schema.]name [= value | (value)]}.
 *
 * @param schema the schema qualifier as written but unquoted ({@code main}, {@code temp}, an
 *     attached alias), or {@code null} when absent
 * @param name the pragma name, lower case
 * @param value the value, unquoted (strings lose their quotes, signs are kept: {@code "-2000"}), or
 *     {@code null} when the pragma is only read; for the call form ({@code table_info(t)}) the
 *     argument
 * @param assignment true for {@code name = value}, false for the call form and the bare form
 * @param category what the pragma does
 */
public record Pragma(
    String schema, String name, String value, boolean assignment, PragmaCategory category) {

  /** True when this sets a value (as opposed to only reading one). */
  public boolean setsValue() {
    return value != null && category != PragmaCategory.QUERY;
  }
}
