package dev.sharedschema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress as lines (logs, pipes) and as a bar (terminals), on a clock the test moves. */
class ProgressLineTest {
  private final StringWriter text = new StringWriter();
  private final AtomicLong now = new AtomicLong();

  private ProgressLine line(ProgressMode mode, int total) {
    return new ProgressLine(new PrintWriter(text), mode, "run", total, 0, now::get);
  }

  @Test
  void linesPrintEveryTenthWithRateEtaAndFailures() {
    ProgressLine p = line(ProgressMode.lines, 100);
    for (int i = 1; i <= 100; i++) {
      now.addAndGet(10_000_000L); // 10 ms per database: 100/s
      p.advance(i % 50 == 0);
    }
    p.finish();
    String[] lines = text.toString().split("\n");
    assertThat(lines).hasSize(10);
    assertThat(lines[0]).isEqualTo("run      10/100  10%  100/s  ETA 900 ms  0 failed");
    assertThat(lines[4]).isEqualTo("run      50/100  50%  100/s  ETA 500 ms  1 failed");
    assertThat(lines[9]).isEqualTo("run      100/100 100%  100/s  1.00 s  2 failed");
  }

  @Test
  void slowWorkStillPrintsEveryFewSeconds() {
    ProgressLine p = line(ProgressMode.lines, 1000);
    now.set(6_000_000_000L);
    p.advance(false);
    assertThat(text.toString()).startsWith("run      1/1000   0%");
  }

  @Test
  void theBarRedrawsOneLineAndEndsWithANewline() {
    ProgressLine p = line(ProgressMode.bar, 4);
    for (int i = 0; i < 4; i++) {
      now.addAndGet(200_000_000L);
      p.advance(false);
    }
    p.finish();
    String out = text.toString();
    assertThat(out)
        .startsWith("\rrun      [######------------------] 1/4  25%  5.0/s  ETA 600 ms  0 failed");
    assertThat(out)
        .contains("\rrun      [########################] 4/4 100%")
        .endsWith("0 failed\n");
    assertThat(out.chars().filter(c -> c == '\n').count()).isEqualTo(1);
  }

  @Test
  void offPrintsNothingAndFinishIsIdempotent() {
    ProgressLine p = line(ProgressMode.off, 3);
    p.advance(false);
    p.finish();
    p.finish();
    assertThat(text.toString()).isEmpty();
    assertThat(p.done()).isEqualTo(1);
  }

  @Test
  void moreItemsThanExpectedGrowTheTotal() {
    ProgressLine p = line(ProgressMode.lines, 1);
    now.set(1_000_000_000L);
    p.advance(false);
    p.advance(false);
    p.finish();
    assertThat(text.toString()).contains("2/2 100%");
  }
}
