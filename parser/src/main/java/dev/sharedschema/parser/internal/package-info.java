/**
 * The classifier's implementation: not API, may change without notice. The pipeline is {@link
 * dev.sharedschema.parser.internal.TextClassifier}: lex the whole text once ({@code SqlLexer} into
 * a {@code TokenList}), find statement boundaries ({@code StatementSplitter}), then classify each
 * statement from its leading keywords ({@code StatementClassifier} and its rules), consulting
 * JSqlParser ({@code JSqlRefiner}) only where the tokens cannot decide. See docs/parser.md.
 */
package dev.sharedschema.parser.internal;
