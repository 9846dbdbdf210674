package dev.sharedschema.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedschema.cli.release.BuiltArtifacts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the marked shell sessions of the docs (see {@link MarkedDoc}) with the freshly built shaded
 * jar and fails when what they print no longer matches what the doc shows, times and instants aside
 * ({@link Masks}). After a deliberate change of output, {@code mvn -B verify -pl cli -am
 * -Dsharedschema.docs.update=true} writes the new outputs into the docs; review the diff.
 */
class DocsIT {
  private static final boolean UPDATE = Boolean.getBoolean("sharedschema.docs.update");

  @ParameterizedTest
  @ValueSource(strings = {"docs/getting-started.md", "docs/cli.md"})
  void shellSessionsPrintWhatTheDocShows(String doc) throws Exception {
    MarkedDoc md = MarkedDoc.read(BuiltArtifacts.root().resolve(doc));
    List<DocBlock> blocks = md.blocks();
    assertThat(blocks).as("%s has marked sessions", doc).isNotEmpty();
    DocShell shell =
        new DocShell(BuiltArtifacts.root(), BuiltArtifacts.shadedJar(), testClasses().toString());

    Map<Step, List<String>> updates = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    for (String session : sessions(blocks)) {
      List<Step> steps = new ArrayList<>();
      Set<String> dirs = new LinkedHashSet<>();
      for (DocBlock b : blocks) {
        if (b.session().equals(session)) {
          steps.addAll(b.steps());
          dirs.addAll(b.dirs());
        }
      }
      List<DocShell.Ran> ran;
      try (DocDirs stand = new DocDirs(dirs)) {
        ran = shell.run(steps, stand);
      }
      for (int i = 0; i < steps.size(); i++) {
        Step step = steps.get(i);
        DocShell.Ran r = ran.get(i);
        if (step.hidden()) {
          if (r.exit() != 0) {
            failures.add(describe(doc, step, "a hidden step failed (exit " + r.exit() + ")", r));
          }
          continue;
        }
        OutputMatch match = new OutputMatch(step.expected(), r.output());
        if (!match.matches()) {
          updates.put(step, match.updated());
          failures.add(describe(doc, step, "the output differs", r));
        }
      }
    }
    if (UPDATE && !updates.isEmpty()) {
      md.rewrite(updates);
    }
    assertThat(failures)
        .as(
            "%s drifted from what the commands print; fix the doc or the code, or, when the"
                + " change is intended, rerun with -Dsharedschema.docs.update=true and review the"
                + " diff",
            doc)
        .isEmpty();
  }

  private static Set<String> sessions(List<DocBlock> blocks) {
    Set<String> out = new LinkedHashSet<>();
    blocks.forEach(b -> out.add(b.session()));
    return out;
  }

  private static String describe(String doc, Step step, String what, DocShell.Ran r) {
    return doc
        + ":"
        + step.firstOutputLine()
        + ": $ "
        + step.command()
        + "\n  "
        + what
        + "\n  --- the doc shows\n"
        + indent(step.expected())
        + "  --- the command printed (exit "
        + r.exit()
        + ")\n"
        + indent(r.output());
  }

  private static String indent(List<String> lines) {
    StringBuilder s = new StringBuilder();
    lines.forEach(l -> s.append("  | ").append(l).append('\n'));
    return s.toString();
  }

  private static Path testClasses() throws Exception {
    return Path.of(Sqlite3.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
