package dev.sharedschema.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart is drawn from the raw runs: medians per tenant, one line per anchor, sizes in order.
 */
class FanOutChartTest {
  @TempDir Path dir;

  @Test
  void plotsTheMedianCostPerTenantOfEachAnchorAgainstFleetSize() throws Exception {
    Path csv = dir.resolve("runs.csv");
    Files.writeString(
        csv,
        FanOutChart.HEADER
            + "\n"
            // shared at 100: runs of 150, 100 and 900 ms -> median 150 ms -> 1.5 ms per tenant
            + "100,shared,1,150.0,300.0\n100,shared,2,100.0,200.0\n100,shared,3,900.0,1.0\n"
            + "1000,shared,1,800.0,1.0\n"
            + "100,floor,1,50.0,1.0\n1000,floor,1,400.0,1.0\n"
            + "10000,floor,1,4000.0,1.0\n");
    Map<String, Map<Integer, Double>> medians = FanOutChart.medians(FanOutChart.read(List.of(csv)));
    assertThat(medians.get("shared")).containsEntry(100, 1.5).containsEntry(1000, 0.8);
    assertThat(medians.get("floor")).containsOnlyKeys(100, 1000, 10000);

    String svg = FanOutChart.svg(medians);
    List<String> lines = polylines(svg);
    assertThat(lines).hasSize(2); // floor and shared, nothing for anchors without figures
    assertThat(svg).contains("sharedschema (8 workers)").contains("raw floor (8 threads)");
    assertThat(svg).doesNotContain("Liquibase");
    for (String points : lines) {
      List<Double> xs = new ArrayList<>();
      for (String p : points.split(" ")) {
        xs.add(Double.parseDouble(p.split(",")[0]));
      }
      assertThat(xs).isSorted(); // left to right by fleet size
    }
    // The floor (0.4-0.5 ms) is drawn below sharedschema (0.8-1.5 ms): smaller y is higher up.
    double floorAt100 = firstY(lines.get(1));
    double sharedAt100 = firstY(lines.get(0));
    assertThat(floorAt100).isGreaterThan(sharedAt100);
  }

  @Test
  void refusesToDrawWithoutFigures() {
    assertThatThrownBy(() -> FanOutChart.main(new String[] {"--out", "x.svg"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("usage");
  }

  private static List<String> polylines(String svg) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<polyline points=\"([^\"]+)\"").matcher(svg);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static double firstY(String points) {
    return Double.parseDouble(points.split(" ")[0].split(",")[1]);
  }
}
