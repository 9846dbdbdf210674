package dev.sharedschema.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws docs/fanout-per-tenant.svg from the raw figures {@link FanOutComparison} wrote with {@code
 * --csv}: the median wall time per tenant of each anchor against the fleet's size (log scale), so
 * that a reader takes in at a glance where sharedschema stands between the raw floor and the Flyway
 * and Liquibase loops. Plain SVG, no library.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.sharedschema.bench.FanOutChart \
 *     --out docs/fanout-per-tenant.svg docs/fanout-runs.csv
 * </pre>
 */
public final class FanOutChart {
  /** The first line of the CSV {@link FanOutComparison} writes. */
  static final String HEADER = "dbs,anchor,run,wall_ms,cpu_ms";

  private static final int WIDTH = 760;
  private static final int HEIGHT = 460;
  private static final int LEFT = 70;
  private static final int RIGHT = 220;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  /** Anchor key → (label, colour), in legend order. */
  private static final Map<String, String[]> STYLE = new java.util.LinkedHashMap<>();

  static {
    STYLE.put("shared", new String[] {"sharedschema (8 workers)", "#1f77b4"});
    STYLE.put("floor", new String[] {"raw floor (8 threads)", "#7f7f7f"});
    STYLE.put("floor-seq", new String[] {"raw floor, sequential", "#bcbcbc"});
    STYLE.put("two-phase", new String[] {"two-phase floor (8 threads)", "#2ca02c"});
    STYLE.put("flyway", new String[] {"Flyway loop (8 threads)", "#d62728"});
    STYLE.put("flyway-seq", new String[] {"Flyway loop, sequential", "#ff9896"});
    STYLE.put("liquibase", new String[] {"Liquibase loop, sequential", "#9467bd"});
  }

  private FanOutChart() {}

  public static void main(String[] args) throws IOException {
    Path out = null;
    List<Path> inputs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--out")) {
        out = Path.of(args[++i]);
      } else {
        inputs.add(Path.of(args[i]));
      }
    }
    if (out == null || inputs.isEmpty()) {
      throw new IllegalArgumentException("usage: FanOutChart --out FILE.svg RUNS.csv...");
    }
    Map<String, Map<Integer, List<Double>>> perTenant = read(inputs);
    Files.writeString(out, svg(medians(perTenant)), StandardCharsets.UTF_8);
    System.out.println("wrote " + out);
  }

  /** anchor → fleet size → per-tenant ms of each run. */
  static Map<String, Map<Integer, List<Double>>> read(List<Path> inputs) throws IOException {
    Map<String, Map<Integer, List<Double>>> out = new TreeMap<>();
    for (Path in : inputs) {
      for (String line : Files.readAllLines(in, StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("dbs,")) {
          continue;
        }
        String[] f = line.split(",");
        int dbs = Integer.parseInt(f[0]);
        out.computeIfAbsent(f[1], k -> new TreeMap<>())
            .computeIfAbsent(dbs, k -> new ArrayList<>())
            .add(Double.parseDouble(f[3]) / dbs);
      }
    }
    return out;
  }

  static Map<String, Map<Integer, Double>> medians(Map<String, Map<Integer, List<Double>>> runs) {
    Map<String, Map<Integer, Double>> out = new TreeMap<>();
    runs.forEach(
        (anchor, bySize) ->
            bySize.forEach(
                (size, values) ->
                    out.computeIfAbsent(anchor, k -> new TreeMap<>())
                        .put(size, RunTimes.median(values))));
    return out;
  }

  static String svg(Map<String, Map<Integer, Double>> medians) {
    double maxY = 0;
    double minY = Double.MAX_VALUE;
    int minX = Integer.MAX_VALUE;
    int maxX = 0;
    for (Map<Integer, Double> bySize : medians.values()) {
      for (var e : bySize.entrySet()) {
        maxY = Math.max(maxY, e.getValue());
        minY = Math.min(minY, e.getValue());
        minX = Math.min(minX, e.getKey());
        maxX = Math.max(maxX, e.getKey());
      }
    }
    // Both axes are logarithmic: the loops cost ten to twenty times the floor, and a linear scale
    // would flatten the lines a reader compares most (sharedschema against the floor).
    double ly0 = Math.floor(Math.log10(minY));
    double ly1 = Math.max(Math.ceil(Math.log10(maxY)), ly0 + 1);
    double lx0 = Math.log10(minX);
    double lx1 = Math.max(Math.log10(maxX), lx0 + 1);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"24\" font-size=\"15\">One ALTER TABLE … ADD COLUMN to every"
                + " tenant: wall time per tenant</text>%n",
            LEFT));
    for (double v : yTicks(ly0, ly1)) {
      double y = TOP + plotH - plotH * (Math.log10(v) - ly0) / (ly1 - ly0);
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              LEFT,
              y,
              LEFT + plotW,
              y,
              LEFT - 8,
              y + 4,
              trim(v)));
    }
    for (int size = minX; size <= maxX; size *= 10) {
      double x = LEFT + plotW * (Math.log10(size) - lx0) / (lx1 - lx0);
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>%n"
                  + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%,d</text>%n",
              x,
              TOP,
              x,
              TOP + plotH,
              x,
              TOP + plotH + 18,
              size));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">tenants (log scale)</text>%n"
                + "<text transform=\"translate(18 %d) rotate(-90)\" text-anchor=\"middle\">"
                + "ms per tenant (median of runs, log scale)</text>%n",
            LEFT + plotW / 2,
            HEIGHT - 18,
            TOP + plotH / 2));
    int legendY = TOP + 10;
    for (var style : STYLE.entrySet()) {
      Map<Integer, Double> bySize = medians.get(style.getKey());
      if (bySize == null) {
        continue;
      }
      String colour = style.getValue()[1];
      StringBuilder points = new StringBuilder();
      for (var e : bySize.entrySet()) {
        double x = LEFT + plotW * (Math.log10(e.getKey()) - lx0) / (lx1 - lx0);
        double y = TOP + plotH - plotH * (Math.log10(e.getValue()) - ly0) / (ly1 - ly0);
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        s.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n",
                x,
                y,
                colour));
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
              points.toString().strip(),
              colour));
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n"
                  + "<text x=\"%d\" y=\"%d\">%s</text>%n",
              WIDTH - RIGHT + 15,
              legendY,
              WIDTH - RIGHT + 40,
              legendY,
              colour,
              WIDTH - RIGHT + 46,
              legendY + 4,
              style.getValue()[0]));
      legendY += 20;
    }
    return s.append("</svg>\n").toString();
  }

  /** 1, 2 and 5 times each power of ten from 10^lo to 10^hi. */
  private static List<Double> yTicks(double lo, double hi) {
    List<Double> ticks = new ArrayList<>();
    for (int p = (int) lo; p <= (int) hi; p++) {
      for (double m : new double[] {1, 2, 5}) {
        double v = m * Math.pow(10, p);
        if (v <= Math.pow(10, hi) * 1.0001) {
          ticks.add(v);
        }
      }
    }
    return ticks;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
