package dev.sharedschema.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Wall-clock times of repeated runs of one measurement, in milliseconds. */
final class RunTimes {
  final String name;
  private final List<Double> millis = new ArrayList<>();

  RunTimes(String name) {
    this.name = name;
  }

  void add(long nanos) {
    millis.add(nanos / 1e6);
  }

  double run(int i) {
    return millis.get(i);
  }

  double last() {
    return millis.get(millis.size() - 1);
  }

  int size() {
    return millis.size();
  }

  double min() {
    return millis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  double median() {
    return median(millis);
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** One report line: name, every run, min and median total, min and median per database. */
  String line(int databases) {
    StringBuilder runs = new StringBuilder();
    for (double m : millis) {
      runs.append(runs.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.0f", m));
    }
    return String.format(
        Locale.ROOT,
        "%-28s min %8.1f ms  median %8.1f ms  | per db min %.3f  median %.3f ms  | runs: %s",
        name,
        min(),
        median(),
        min() / databases,
        median() / databases,
        runs);
  }
}
