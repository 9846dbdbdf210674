package dev.sharedschema.cli.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown doc with shell sessions marked for DocsIT. A marker is an HTML comment, so the
 * rendered page shows only the block:
 *
 * <pre>
 * &lt;!-- doctest session=app dirs=/tmp/app --&gt;
 * ```
 * $ sharedschema init /tmp/app/schema.db
 * schema database /tmp/app/schema.db is ready (0 linked databases)
 * ```
 * </pre>
 *
 * Lines starting with {@code $ } are commands ({@code > } continues one); the lines below a command
 * are its output, where {@code …} alone on a line stands for any number of lines. A marker with
 * {@code hidden} holds steps itself, up to {@code -->}: they run (e.g. the CLI equivalent of a Java
 * snippet above) but their output is not shown or compared.
 */
final class MarkedDoc {
  private static final Pattern MARKER = Pattern.compile("^<!-- doctest (.*?)\\s*(-->)?$");
  private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)(?:=(\\S+))?");

  final Path file;
  private final List<String> lines;

  private MarkedDoc(Path file, List<String> lines) {
    this.file = file;
    this.lines = lines;
  }

  static MarkedDoc read(Path file) throws IOException {
    return new MarkedDoc(file, new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)));
  }

  List<DocBlock> blocks() {
    List<DocBlock> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = MARKER.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      String session = null;
      List<String> dirs = List.of();
      boolean hidden = false;
      // A note in parentheses tells the reader of the source why the block is there.
      Matcher a = ATTRIBUTE.matcher(m.group(1).replaceAll("\\(.*\\)", ""));
      while (a.find()) {
        switch (a.group(1)) {
          case "session" -> session = a.group(2);
          case "dirs" -> dirs = Arrays.asList(a.group(2).split(","));
          case "hidden" -> hidden = true;
          default -> throw new IllegalArgumentException(where(i) + "unknown key " + a.group(1));
        }
      }
      if (session == null) {
        throw new IllegalArgumentException(where(i) + "a doctest marker needs session=NAME");
      }
      int start = i + 1;
      int end;
      if (hidden) {
        end = indexOf("-->", start, i);
      } else {
        if (start >= lines.size() || !lines.get(start).startsWith("```")) {
          throw new IllegalArgumentException(
              where(i) + "a doctest marker must precede a ``` block");
        }
        start++;
        end = indexOf("```", start, i);
      }
      out.add(new DocBlock(session, dirs, steps(start, end, hidden), i + 1));
      i = end;
    }
    return out;
  }

  /** Replaces the output lines of the given steps (by their first output line) and saves. */
  void rewrite(Map<Step, List<String>> outputs) throws IOException {
    List<Step> bottomUp =
        outputs.keySet().stream()
            .sorted((x, y) -> Integer.compare(y.firstOutputLine(), x.firstOutputLine()))
            .toList();
    for (Step s : bottomUp) {
      List<String> region =
          lines.subList(s.firstOutputLine(), s.firstOutputLine() + s.expected().size());
      region.clear();
      region.addAll(outputs.get(s));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private List<Step> steps(int start, int end, boolean hidden) {
    List<Step> out = new ArrayList<>();
    int i = start;
    while (i < end) {
      if (!lines.get(i).startsWith("$ ")) {
        throw new IllegalArgumentException(where(i) + "expected a command starting with `$ `");
      }
      StringBuilder command = new StringBuilder(lines.get(i).substring(2));
      i++;
      while (i < end && lines.get(i).startsWith("> ")) {
        command.append('\n').append(lines.get(i).substring(2));
        i++;
      }
      int first = i;
      while (i < end && !lines.get(i).startsWith("$ ")) {
        i++;
      }
      // Blank lines before the next command separate steps for the reader; they are not output.
      int last = i;
      while (last > first && lines.get(last - 1).isBlank()) {
        last--;
      }
      out.add(new Step(command.toString(), List.copyOf(lines.subList(first, last)), first, hidden));
    }
    return out;
  }

  private int indexOf(String closing, int from, int marker) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).startsWith(closing)) {
        return i;
      }
    }
    throw new IllegalArgumentException(where(marker) + "the block is not closed with " + closing);
  }

  private String where(int index) {
    return file.getFileName() + ":" + (index + 1) + ": ";
  }
}
