package dev.sharedschema.parser.internal;

/**
 * The token classes the splitter and classifier need. Operators are not told apart (every one is
 * {@link #OP}): only statement boundaries, names and a few keywords matter here.
 */
enum TokenType {
  /** A bare identifier or keyword. */
  WORD,
  /** An identifier in {@code "…"}, {@code `…`} or {@code […]}. */
  QUOTED,
  /** A string literal {@code '…'}. SQLite also accepts one where a name is expected. */
  STRING,
  /** A blob literal {@code x'…'}. */
  BLOB,
  NUMBER,
  /** A bound parameter: {@code ?}, {@code ?7}, {@code :a}, {@code @a}, {@code $a}, {@code #a}. */
  PARAM,
  LPAREN,
  RPAREN,
  SEMI,
  DOT,
  COMMA,
  /** Any other character, one token each (operators, stray or illegal characters). */
  OP
}
