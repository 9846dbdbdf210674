package dev.sharedschema.cli.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the steps of one doc session in one bash, as a reader types them: one working directory and
 * one environment throughout, stdout and stderr together. {@code sharedschema} is the freshly built
 * shaded jar; {@code sqlite3} is a stand-in on that jar's sqlite-jdbc (the doc's {@code sqlite3} is
 * optional for readers, and CI machines need not have it).
 */
final class DocShell {
  /** What one step printed (doc paths put back) and its exit status. */
  record Ran(List<String> output, int exit) {}

  private static final String END = "\u001edoctest-end";
  private static final Pattern END_LINE = Pattern.compile("\n?" + END + " (\\d+) (\\d+)\n");

  private final Path root;
  private final Path jar;
  private final String testClassPath;

  DocShell(Path root, Path jar, String testClassPath) {
    this.root = root;
    this.jar = jar;
    this.testClassPath = testClassPath;
  }

  List<Ran> run(List<Step> steps, DocDirs dirs) throws IOException, InterruptedException {
    StringBuilder script = new StringBuilder();
    script.append("exec 2>&1\n");
    script.append("sharedschema() { java -jar \"$DOCTEST_JAR\" \"$@\"; }\n");
    script.append(
        "sqlite3() { java -cp \"$DOCTEST_JAR:$DOCTEST_CP\" dev.sharedschema.cli.docs.Sqlite3"
            + " \"$@\"; }\n");
    for (int i = 0; i < steps.size(); i++) {
      script.append(dirs.toReal(steps.get(i).command())).append('\n');
      script.append("printf '\\n").append(END).append(" %d %d\\n' ").append(i).append(" $?\n");
    }
    Path file = Files.createTempFile("doctest", ".sh");
    try {
      Files.writeString(file, script, StandardCharsets.UTF_8);
      ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", file.toString());
      pb.directory(root.toFile()).redirectErrorStream(true);
      pb.environment().put("DOCTEST_JAR", jar.toString());
      pb.environment().put("DOCTEST_CP", testClassPath);
      // The doc's outputs hold non-ASCII characters (…); a reader's terminal is UTF-8.
      pb.environment().put("LC_ALL", "C.UTF-8");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("the session did not finish in 10 minutes:\n" + out);
      }
      return split(dirs.toDoc(out), steps.size());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static List<Ran> split(String out, int count) {
    List<Ran> ran = new ArrayList<>();
    Matcher m = END_LINE.matcher(out);
    int from = 0;
    while (m.find()) {
      if (Integer.parseInt(m.group(1)) != ran.size()) {
        throw new AssertionError("steps out of order in:\n" + out);
      }
      String text = out.substring(from, m.start());
      ran.add(
          new Ran(
              text.isEmpty() ? List.of() : text.lines().toList(), Integer.parseInt(m.group(2))));
      from = m.end();
    }
    if (ran.size() != count) {
      throw new AssertionError("only " + ran.size() + " of " + count + " steps ran:\n" + out);
    }
    return ran;
  }
}
