package dev.sharedschema.parser.internal;

import dev.sharedschema.parser.Pragma;
import dev.sharedschema.parser.StatementKind;

/** What a rule decided about one statement; the classifier adds offsets and text. */
record Verdict(
    StatementKind kind,
    String target,
    boolean temp,
    boolean writesReserved,
    Pragma pragma,
    boolean returnsRows) {

  static final Verdict UNKNOWN = of(StatementKind.UNKNOWN);
  static final Verdict READ = new Verdict(StatementKind.READ, null, false, false, null, true);

  static Verdict of(StatementKind kind) {
    return new Verdict(kind, null, false, false, null, false);
  }

  static Verdict of(StatementKind kind, QualifiedName target) {
    return target == null
        ? of(kind)
        : new Verdict(kind, target.name(), target.isTemp(), false, null, false);
  }
}
