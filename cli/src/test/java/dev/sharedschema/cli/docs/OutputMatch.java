package dev.sharedschema.cli.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares a doc's output with a run's, line by line after {@link Masks}, where {@code …} matches
 * any number of lines; and, for the update mode, writes the run's output in the doc's shape (each
 * {@code …} kept, standing for the lines it matched).
 *
 * <p>An edit distance: matching lines, a {@code …} absorbing a line, and skipping an optional
 * progress line cost nothing; any other difference costs one. Zero means the doc is right.
 */
final class OutputMatch {
  private final List<String> expected;
  private final List<String> actual;
  private final int[][] cost;

  OutputMatch(List<String> expected, List<String> actual) {
    this.expected = expected;
    this.actual = actual;
    int n = expected.size();
    int m = actual.size();
    cost = new int[n + 1][m + 1];
    for (int i = n; i >= 0; i--) {
      for (int j = m; j >= 0; j--) {
        cost[i][j] = i == n && j == m ? 0 : best(i, j);
      }
    }
  }

  boolean matches() {
    return cost[0][0] == 0;
  }

  /** The run's lines, with each {@code …} of the doc kept in place of the lines it stood for. */
  List<String> updated() {
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    boolean absorbing = false;
    while (i < expected.size() || j < actual.size()) {
      boolean hasBoth = i < expected.size() && j < actual.size();
      boolean ellipsis = i < expected.size() && isEllipsis(i);
      // Among equally cheap paths, prefer the one that keeps a doc line the run still prints.
      if (hasBoth && pair(i, j) == 0 && cost[i][j] == cost[i + 1][j + 1]) {
        out.add(actual.get(j));
        i++;
        j++;
      } else if (ellipsis
          && j < actual.size()
          && !(i + 1 < expected.size() && pair(i + 1, j) == 0 && cost[i][j] == cost[i + 1][j])
          && cost[i][j] == cost[i][j + 1]) {
        if (!absorbing) {
          out.add(expected.get(i));
          absorbing = true;
        }
        j++; // the … stands for this line
      } else if (i < expected.size()
          && (ellipsis || Masks.optional(expected.get(i)))
          && cost[i][j] == cost[i + 1][j]) {
        if (ellipsis && !absorbing) {
          out.add(expected.get(i)); // a … that stood for nothing this time stays
        }
        absorbing = false;
        i++;
      } else if (j < actual.size() && cost[i][j] == insertion(j) + cost[i][j + 1]) {
        out.add(actual.get(j));
        j++;
      } else if (hasBoth && cost[i][j] == 1 + cost[i + 1][j + 1]) {
        out.add(actual.get(j));
        i++;
        j++;
      } else {
        i++; // a doc line the run no longer prints
      }
    }
    return out;
  }

  private int best(int i, int j) {
    int n = expected.size();
    int m = actual.size();
    int best = Integer.MAX_VALUE;
    if (i < n) {
      boolean skipFree = isEllipsis(i) || Masks.optional(expected.get(i));
      best = Math.min(best, (skipFree ? 0 : 1) + cost[i + 1][j]);
      if (isEllipsis(i) && j < m) {
        best = Math.min(best, cost[i][j + 1]);
      }
      if (j < m) {
        best = Math.min(best, pair(i, j) + cost[i + 1][j + 1]);
      }
    }
    if (j < m) {
      best = Math.min(best, insertion(j) + cost[i][j + 1]);
    }
    return best;
  }

  private boolean isEllipsis(int i) {
    return expected.get(i).strip().equals(Masks.ELLIPSIS);
  }

  private int insertion(int j) {
    return Masks.optional(actual.get(j)) ? 0 : 1;
  }

  private int pair(int i, int j) {
    return Masks.normalize(expected.get(i)).equals(Masks.normalize(actual.get(j))) ? 0 : 1;
  }
}
