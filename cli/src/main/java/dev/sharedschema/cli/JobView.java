package dev.sharedschema.cli;

import dev.sharedschema.driver.JobSummary;
import dev.sharedschema.scheduler.TaskFailure;
import dev.sharedschema.scheduler.TaskState;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** A {@link JobSummary} as text for people and as JSON for scripts. */
final class JobView {
  private static final int SUMMARY_CHARS = 60;

  private JobView() {}

  /** {@code 998 RunSuccess, 2 RunFailure}, in the order of the task states. */
  static String counts(Map<TaskState, Integer> tasks) {
    StringJoiner s = new StringJoiner(", ");
    for (TaskState state : TaskState.values()) {
      int n = tasks.getOrDefault(state, 0);
      if (n > 0) {
        s.add(n + " " + state);
      }
    }
    return s.length() == 0 ? "no linked databases" : s.toString();
  }

  static int total(Map<TaskState, Integer> tasks) {
    return tasks.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Time from submission to the end (or to now, for a job still going). */
  static Duration elapsed(JobSummary j) {
    Instant end = j.finishedAt() != null ? j.finishedAt() : Instant.now();
    return Duration.between(j.submittedAt(), end);
  }

  /** The first line of the migration, shortened to fit a table. */
  static String shortSummary(String summary) {
    String oneLine = summary == null ? "" : summary.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= SUMMARY_CHARS
        ? oneLine
        : oneLine.substring(0, SUMMARY_CHARS - 1) + "…";
  }

  /** The {@code job} command's text: state, counts, timings, failures. */
  static void printDetail(PrintWriter out, JobSummary j) {
    out.println("job " + j.id() + "  " + j.state());
    out.println("  migration   " + j.summary());
    out.println("  tasks       " + counts(j.tasks()));
    out.println("  submitted   " + j.submittedAt());
    if (j.dryRunAt() != null) {
      out.println(
          "  dry run     "
              + j.dryRunAt()
              + "  ("
              + Units.duration(Duration.between(j.submittedAt(), j.dryRunAt()))
              + ")");
    }
    if (j.finishedAt() != null) {
      Instant from = j.dryRunAt() != null ? j.dryRunAt() : j.submittedAt();
      out.println(
          "  finished    "
              + j.finishedAt()
              + "  ("
              + Units.duration(Duration.between(from, j.finishedAt()))
              + ")");
    }
    out.println(
        "  elapsed     " + Units.duration(elapsed(j)) + (j.finishedAt() == null ? " so far" : ""));
    if (j.error() != null) {
      out.println("  error       " + j.error());
    }
    if (!j.failures().isEmpty()) {
      out.println("  failures");
      for (TaskFailure f : j.failures()) {
        out.println(
            "    "
                + f.database()
                + "  "
                + f.state()
                + (f.statement() > 0 ? "  statement " + f.statement() : "")
                + ": "
                + f.error());
      }
    }
  }

  /** One job as a JSON object. */
  static Map<String, Object> json(JobSummary j) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", j.id());
    m.put("state", j.state());
    m.put("terminal", j.state().isTerminal());
    m.put("summary", j.summary());
    Map<String, Object> tasks = new LinkedHashMap<>();
    for (TaskState s : TaskState.values()) {
      tasks.put(s.name(), j.tasks().getOrDefault(s, 0));
    }
    m.put("tasks", tasks);
    m.put("taskCount", total(j.tasks()));
    m.put("submittedAt", j.submittedAt());
    m.put("dryRunAt", j.dryRunAt());
    m.put("finishedAt", j.finishedAt());
    m.put("elapsedMillis", elapsed(j).toMillis());
    m.put("error", j.error());
    List<Object> failures = new ArrayList<>();
    for (TaskFailure f : j.failures()) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("path", f.database());
      fm.put("state", f.state());
      fm.put("statement", f.statement());
      fm.put("error", f.error());
      failures.add(fm);
    }
    m.put("failures", failures);
    return m;
  }
}
