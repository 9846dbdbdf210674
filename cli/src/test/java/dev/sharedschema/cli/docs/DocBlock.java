package dev.sharedschema.cli.docs;

import java.util.List;

/**
 * A marked block of a doc: the steps of one shell session, run in order with the session's other
 * blocks.
 *
 * @param session the name that groups blocks into one shell
 * @param dirs the directories the doc names (e.g. {@code /tmp/app}); each runs in a fresh one
 * @param line the 1-based line of the marker, for messages
 */
record DocBlock(String session, List<String> dirs, List<Step> steps, int line) {}
