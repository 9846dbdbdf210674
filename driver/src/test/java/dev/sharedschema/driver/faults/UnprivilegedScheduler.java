package dev.sharedschema.driver.faults;

import dev.sharedschema.driver.Drift;
import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.driver.SharedSchema;
import dev.sharedschema.scheduler.MigrationFailedException;
import dev.sharedschema.scheduler.MigrationPausedException;
import dev.sharedschema.scheduler.TaskFailure;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs in a child JVM as an unprivileged user: the schema side of a fleet (schema connection and
 * {@link SharedSchema}), driven by commands on stdin, one answer line ("= …", fields separated by
 * tabs, escaped) per command: {@code migrate SQL}, {@code job ID}, {@code check}, {@code unlink
 * PATH}. Root ignores file permissions, so a read-only file only is one for a process like this.
 */
public final class UnprivilegedScheduler {
  private UnprivilegedScheduler() {}

  public static void main(String[] args) throws Exception {
    Path schema = Path.of(args[0]);
    String url = FaultFleet.schemaUrl(schema) + "&" + args[1];
    try (Connection c = DriverManager.getConnection(url);
        SharedSchema s = SharedSchema.open(schema);
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      answer("ready", String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid")));
      String line;
      while ((line = in.readLine()) != null) {
        int space = line.indexOf(' ');
        String command = space < 0 ? line : line.substring(0, space);
        String arg = space < 0 ? "" : line.substring(space + 1);
        try {
          switch (command) {
            case "migrate" -> {
              try (Statement st = c.createStatement()) {
                st.execute(arg);
              }
              answer("ok", String.valueOf(s.jobs(1).get(0).id()));
            }
            case "job" -> answer(job(s.job(Long.parseLong(arg)).orElseThrow()));
            case "check" -> answer(check(s.check()));
            case "unlink" -> answer("ok", String.valueOf(s.unlink(Path.of(arg))));
            default -> answer("unknown", command);
          }
        } catch (SQLException e) {
          long job =
              e instanceof MigrationFailedException f
                  ? f.jobId()
                  : e instanceof MigrationPausedException p ? p.jobId() : 0;
          answer("error", e.getSQLState(), String.valueOf(job), e.getMessage());
        }
      }
    }
  }

  private static String[] job(JobSummary j) {
    String tasks =
        j.tasks().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
    List<String> failures = new ArrayList<>();
    for (TaskFailure f : j.failures()) {
      failures.add(f.database() + "|" + f.state() + "|" + f.statement());
    }
    return new String[] {
      "job", j.state().name(), tasks, String.join(";", failures), String.valueOf(j.error())
    };
  }

  private static String[] check(List<Drift> drifts) {
    return new String[] {
      "check",
      String.valueOf(drifts.size()),
      drifts.stream().map(Drift::toString).collect(Collectors.joining("; "))
    };
  }

  private static void answer(String... fields) {
    List<String> escaped = new ArrayList<>();
    for (String f : fields) {
      escaped.add(f.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t"));
    }
    System.out.println("= " + String.join("\t", escaped));
    System.out.flush();
  }

  /** The fields of an answer line, unescaped. */
  static List<String> fields(String answer) {
    List<String> out = new ArrayList<>();
    for (String f : answer.split("\t", -1)) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < f.length(); i++) {
        char ch = f.charAt(i);
        if (ch == '\\' && i + 1 < f.length()) {
          char next = f.charAt(++i);
          b.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
        } else {
          b.append(ch);
        }
      }
      out.add(b.toString());
    }
    return out;
  }
}
