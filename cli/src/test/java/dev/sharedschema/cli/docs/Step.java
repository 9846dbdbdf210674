package dev.sharedschema.cli.docs;

import java.util.List;

/**
 * One command of a doc block and the output the doc shows for it.
 *
 * @param command the shell text after {@code $ } (continuation lines after {@code > } joined with
 *     newlines, as a terminal shows a here-document)
 * @param expected the lines the doc shows below it
 * @param firstOutputLine the 0-based line in the doc file where {@code expected} starts
 * @param hidden true for a step in an HTML comment: run, its output not compared
 */
record Step(String command, List<String> expected, int firstOutputLine, boolean hidden) {}
