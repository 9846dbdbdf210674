package dev.sharedschema.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property tests over seeded random inputs (see {@link PropertySeeds} to replay one): splitting
 * preserves the text, and no transaction statement hides inside a split.
 */
class SplitPropertyTest {
  private static final SqlClassifier CLASSIFIER = new SqlClassifier(0);

  static Stream<Long> seeds() {
    return PropertySeeds.seeds(2_000);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void splittingPreservesTheText(long seed) {
    Random r = new Random(seed);
    String sql = SqlGenerator.soup(r, r.nextInt(60));

    PropertySeeds.replayable(seed, sql, () -> SplitInvariants.check(sql, CLASSIFIER.classify(sql)));
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void joinedStatementsComeBackInOrderWithTheirKinds(long seed) {
    Random r = new Random(seed);
    List<SqlGenerator.Generated> generated = new ArrayList<>();
    StringBuilder text = new StringBuilder(SqlGenerator.noise(r));
    for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
      SqlGenerator.Generated g = SqlGenerator.statement(r);
      generated.add(g);
      text.append(g.sql())
          .append(i < n - 1 || r.nextBoolean() ? SqlGenerator.separator(r) : SqlGenerator.noise(r));
    }
    String sql = text.toString();

    PropertySeeds.replayable(
        seed,
        sql,
        () -> {
          ClassifiedSql result = CLASSIFIER.classify(sql);

          SplitInvariants.check(sql, result);
          assertThat(result.statements())
              .extracting(SqlStatement::sql)
              .containsExactlyElementsOf(
                  generated.stream().map(SqlGenerator.Generated::sql).toList());
          assertThat(result.statements())
              .extracting(SqlStatement::kind)
              .containsExactlyElementsOf(
                  generated.stream().map(SqlGenerator.Generated::kind).toList());
        });
  }
}
