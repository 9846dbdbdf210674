package dev.sharedschema.driver.hostile;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Runs one SQL text through a schema or linked connection of a {@link HostileFleet} and says what
 * happened: {@code run}, {@code migrate} (a job was recorded), {@code sql:STATE} (an {@link
 * SQLException}; STATE is {@code null} for a plain SQLite error), or {@code unchecked:Type}
 * (anything else escaped). Also checks the propagation guarantee afterwards and replaces the fleet
 * whenever the text left anything behind, so that the next text sees the base schema and rows
 * again.
 */
final class Outcomes {
  /** A connection role. */
  enum Role {
    SCHEMA,
    LINKED
  }

  /** What one text did. */
  record Observed(String outcome, String detail, boolean jobRecorded, List<String> violations) {
    /**
     * True when {@code expected} ({@code run}, {@code migrate}, {@code refuse:STATE}, {@code
     * error}, or alternatives joined with {@code /}) allows this outcome.
     */
    boolean matches(String expected) {
      for (String e : expected.split("/")) {
        if (e.equals("run") || e.equals("migrate")) {
          if (outcome.equals(e)) {
            return true;
          }
        } else if (e.equals("error")) {
          if (outcome.startsWith("sql:")) {
            return true;
          }
        } else if (e.startsWith("refuse:")) {
          if (outcome.equals("sql:" + e.substring("refuse:".length())) && !jobRecorded) {
            return true;
          }
        } else {
          throw new IllegalArgumentException("unknown expectation " + e);
        }
      }
      return false;
    }
  }

  static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);

  private final Path parent;
  private final String prefix;
  private HostileFleet fleet;
  private int fleets;
  private int files;
  private final Map<String, Integer> counts = new TreeMap<>();

  Outcomes(Path parent, String prefix) {
    this.parent = parent;
    this.prefix = prefix;
  }

  HostileFleet fleet() throws Exception {
    if (fleet == null) {
      fleet = HostileFleet.create(parent, prefix + "-" + ++fleets);
    }
    return fleet;
  }

  int fleetsMade() {
    return fleets;
  }

  /** Outcome counts keyed by {@code ROLE outcome}. */
  Map<String, Integer> counts() {
    return counts;
  }

  /** Replaces {@code {file}} with the path of a file that does not exist yet. */
  String expand(String sql) {
    String out = sql;
    while (out.contains("{file}")) {
      out =
          out.replaceFirst(
              "\\{file\\}",
              Matcher.quoteReplacement(
                  parent.resolve(prefix + "-other-" + ++files + ".db").toString()));
    }
    return out;
  }

  Observed run(Role role, String sql) throws Exception {
    HostileFleet f = fleet();
    Path target = role == Role.SCHEMA ? f.schema : f.linked();
    long jobsBefore = f.jobs();
    String schemaBefore = HostileFleet.schemaOf(target);
    String dataBefore = HostileFleet.dataOf(target);
    String otherBefore =
        HostileFleet.schemaOf(f.tenants.get(1)) + HostileFleet.dataOf(f.tenants.get(1));
    String url = role == Role.SCHEMA ? f.schemaUrl() : f.linkedUrl(target);
    String[] result =
        assertTimeoutPreemptively(
            STATEMENT_TIMEOUT,
            () -> {
              try (Connection c = DriverManager.getConnection(url)) {
                HostileFleet.exec(c, sql);
                return new String[] {"run", ""};
              } catch (SQLException e) {
                return new String[] {"sql:" + e.getSQLState(), String.valueOf(e.getMessage())};
              } catch (RuntimeException | Error e) {
                return new String[] {"unchecked:" + e.getClass().getName(), String.valueOf(e)};
              }
            },
            () -> role + " connection hung on: " + abbreviate(sql));
    String outcome = result[0];
    boolean job = f.jobs() != jobsBefore;
    if (outcome.equals("run") && job) {
      outcome = "migrate";
    }
    List<String> violations = new ArrayList<>(f.violations());
    boolean schemaChanged = !HostileFleet.schemaOf(target).equals(schemaBefore);
    if (schemaChanged && !outcome.equals("migrate")) {
      violations.add(role + " database schema changed without a migration (" + outcome + ")");
    }
    if (role == Role.LINKED
        && !(HostileFleet.schemaOf(f.tenants.get(1)) + HostileFleet.dataOf(f.tenants.get(1)))
            .equals(otherBefore)) {
      violations.add("the other linked database changed");
    }
    counts.merge(role + " " + outcome, 1, Integer::sum);
    if (job
        || schemaChanged
        || !violations.isEmpty()
        || !HostileFleet.dataOf(target).equals(dataBefore)) {
      reset();
    }
    return new Observed(outcome, result[1], job, violations);
  }

  void reset() {
    if (fleet != null) {
      fleet.close();
      fleet = null;
    }
  }

  static String abbreviate(String sql) {
    String s = sql.replace("\n", "\\n").replace("\0", "\\0");
    return s.length() > 120 ? s.substring(0, 120) + "…(" + sql.length() + " chars)" : s;
  }
}
