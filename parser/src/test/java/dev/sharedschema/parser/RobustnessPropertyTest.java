package dev.sharedschema.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The classifier never throws an unchecked exception, whatever the text (seeded, see {@link
 * PropertySeeds}).
 */
class RobustnessPropertyTest {
  private static final SqlClassifier CLASSIFIER = new SqlClassifier(256);
  private static final int MIB = 1 << 20;

  static Stream<Long> seeds() {
    return PropertySeeds.seeds(3_000);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void arbitraryCharactersNeverThrow(long seed) {
    Random r = new Random(seed);
    String sql = SqlGenerator.chars(r, r.nextInt(r.nextInt(10) == 0 ? 5_000 : 200));

    PropertySeeds.replayable(
        seed,
        sql,
        () -> {
          ClassifiedSql result = CLASSIFIER.classify(sql);

          SplitInvariants.check(sql, result);
          assertThat(CLASSIFIER.classify(sql)).isSameAs(result);
        });
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void referencedTablesNeverThrows(long seed) {
    Random r = new Random(seed);
    String sql = "SELECT * FROM temp.t " + SqlGenerator.soup(r, r.nextInt(40));

    PropertySeeds.replayable(
        seed,
        sql,
        () -> {
          for (SqlStatement s : CLASSIFIER.classify(sql).statements()) {
            assertThat(CLASSIFIER.referencedTables(s)).doesNotContainNull();
          }
        });
  }

  @Test
  void oneMebibyteOfRandomCharacters() {
    Random r = new Random(PropertySeeds.BASE);
    String sql = SqlGenerator.chars(r, MIB);

    SplitInvariants.check(sql, CLASSIFIER.classify(sql));
  }

  @Test
  void oneMebibyteOfTokenSoup() {
    Random r = new Random(PropertySeeds.BASE);
    String sql = SqlGenerator.soup(r, MIB / 3);

    SplitInvariants.check(sql, CLASSIFIER.classify(sql));
  }

  @Test
  void deepParentheses() {
    String sql =
        "SELECT * FROM temp.t WHERE a = " + "(".repeat(MIB / 2) + "1" + ")".repeat(MIB / 2);

    ClassifiedSql result = CLASSIFIER.classify(sql);

    assertThat(result.first().kind()).isEqualTo(StatementKind.READ);
    assertThat(result.first().temp()).isTrue();
    assertThat(CLASSIFIER.referencedTables(result.first())).contains("temp.t");
  }

  @Test
  void moderatelyNestedTempStatementGoesThroughJSqlParser() {
    String sql =
        "SELECT * FROM temp.t WHERE a IN "
            + "(SELECT b FROM u WHERE c IN ".repeat(30)
            + "(1)"
            + ")".repeat(30);

    SqlStatement s = CLASSIFIER.classify(sql).first();

    assertThat(s.kind()).isEqualTo(StatementKind.READ);
    assertThat(s.temp()).isTrue();
  }

  @Test
  void unterminatedQuotesAndCommentsOfOneMebibyte() {
    for (String open : new String[] {"'", "\"", "`", "[", "x'", "/*", "--"}) {
      String sql = "BEGIN; SELECT " + open + "a;COMMIT;".repeat(MIB / 9);

      ClassifiedSql result = CLASSIFIER.classify(sql);

      SplitInvariants.check(sql, result);
      assertThat(result.statements()).as(open).hasSize(2);
      assertThat(result.statements().get(1).kind())
          .as(open)
          .isEqualTo(
              open.equals("/*") || open.equals("--") ? StatementKind.READ : StatementKind.UNKNOWN);
    }
  }

  @Test
  void manyStatementsAndAHugeTrigger() {
    String many = "SELECT 1;".repeat(100_000) + "COMMIT";
    String trigger =
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN "
            + "SELECT CASE WHEN 1 THEN 2 END;".repeat(30_000)
            + " END; COMMIT";

    ClassifiedSql manyResult = CLASSIFIER.classify(many);
    ClassifiedSql triggerResult = CLASSIFIER.classify(trigger);

    assertThat(manyResult.size()).isEqualTo(100_001);
    assertThat(manyResult.statements().get(100_000).kind())
        .isEqualTo(StatementKind.TRANSACTION_CONTROL);
    assertThat(triggerResult.statements())
        .extracting(SqlStatement::kind)
        .containsExactly(StatementKind.SCHEMA_CHANGE, StatementKind.TRANSACTION_CONTROL);
  }

  @Test
  void onlyNulsAndLoneSurrogates() {
    for (String sql : new String[] {"\0".repeat(1000), "\uD800".repeat(1000), "\uDC00\uD800;\0;"}) {
      ClassifiedSql result = CLASSIFIER.classify(sql);

      SplitInvariants.check(sql, result);
      assertThat(result.statements()).allMatch(s -> s.kind() == StatementKind.UNKNOWN);
    }
  }
}
