package dev.sharedschema.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How DocsIT decides that a doc still shows what a command prints, and how it updates one. */
class OutputMatchTest {
  @Test
  void timesRatesInstantsAndPaddingMayDiffer() {
    OutputMatch m =
        new OutputMatch(
            List.of(
                "job 4 DryRunFailure in 588 ms: 1 DryRunSuccess",
                "dry run  2/2 100%  3.4/s  594 ms  1 failed",
                "    3  RunSuccess     2026-11-25T19:40:12.201Z      156 ms  2 RunSuccess"),
            List.of(
                "job 4 DryRunFailure in 1.20 s: 1 DryRunSuccess",
                "dry run  2/2 100%  12/s  166 ms  1 failed",
                "    3  RunSuccess     2026-12-06T08:00:00.001Z   2.01 s  2 RunSuccess"));
    assertThat(m.matches()).isTrue();
  }

  @Test
  void aChangedWordOrCountIsDrift() {
    assertThat(new OutputMatch(List.of("job 4 RunSuccess"), List.of("job 5 RunSuccess")).matches())
        .isFalse();
    assertThat(
            new OutputMatch(List.of("2 linked databases"), List.of("2 linked database")).matches())
        .isFalse();
    assertThat(new OutputMatch(List.of("a"), List.of("a", "b")).matches()).isFalse();
  }

  @Test
  void anEllipsisStandsForAnyLinesAndIntermediateProgressIsOptional() {
    List<String> doc = List.of("…", "job 6 RunSuccess", "…");
    assertThat(new OutputMatch(doc, List.of("job 6 RunSuccess")).matches()).isTrue();
    assertThat(new OutputMatch(doc, List.of("x", "y", "job 6 RunSuccess", "z")).matches()).isTrue();
    assertThat(new OutputMatch(doc, List.of("job 7 RunSuccess")).matches()).isFalse();

    List<String> progress =
        List.of("run  1/3  33%  2/s  ETA 1 s  0 failed", "run  3/3 100%  2/s  1 s");
    assertThat(new OutputMatch(progress, List.of("run  3/3 100%  9/s  80 ms")).matches()).isTrue();
    assertThat(new OutputMatch(progress, List.of("run  3/3 100%  9/s  80 ms  1 failed")).matches())
        .isFalse();
  }

  @Test
  void updateWritesTheRunsLinesAndKeepsEachEllipsis() {
    OutputMatch m =
        new OutputMatch(
            List.of("…", "job 6 RunSuccess in 554 ms: 2 RunSuccess"),
            List.of(
                "dry run 2/2 100%",
                "job 6 RunSuccess in 247 ms: 2 RunSuccess", "  dry run 141 ms"));
    assertThat(m.matches()).isFalse();
    assertThat(m.updated())
        .containsExactly("…", "job 6 RunSuccess in 247 ms: 2 RunSuccess", "  dry run 141 ms");
  }
}
