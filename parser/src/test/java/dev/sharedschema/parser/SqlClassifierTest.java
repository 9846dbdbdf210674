package dev.sharedschema.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SqlClassifierTest {

  @Test
  void nullTextIsRejectedWithAMessage() {
    assertThatNullPointerException()
        .isThrownBy(() -> SqlClassifier.shared().classify(null))
        .withMessageContaining("sql");
    assertThatNullPointerException()
        .isThrownBy(() -> SqlClassifier.shared().referencedTables(null))
        .withMessageContaining("statement");
  }

  @Test
  void negativeCapacityIsRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> new SqlClassifier(-1));
  }

  @Test
  void sharedIsOneInstance() {
    assertThat(SqlClassifier.shared()).isSameAs(SqlClassifier.shared());
  }

  @Test
  void repeatedTextReturnsTheCachedInstance() {
    SqlClassifier classifier = new SqlClassifier(16);
    String sql = "SELECT * FROM t WHERE id = 1";

    ClassifiedSql first = classifier.classify(sql);

    assertThat(classifier.classify(sql)).isSameAs(first);
    assertThat(classifier.classify(new String(sql.toCharArray()))).isSameAs(first);
    assertThat(first.sql()).isEqualTo(sql);
  }

  @Test
  void cacheStaysBoundedAndKeepsTextsInUse() {
    SqlClassifier classifier = new SqlClassifier(64);
    String hot = "SELECT 'hot'";
    ClassifiedSql hotResult = classifier.classify(hot);

    for (int i = 0; i < 10_000; i++) {
      classifier.classify("SELECT " + i);
      if (i % 16 == 0) {
        assertThat(classifier.classify(hot)).isSameAs(hotResult);
      }
      assertThat(classifier.cachedTexts()).isLessThanOrEqualTo(64);
    }
    assertThat(classifier.cachedTexts()).isGreaterThan(0);
  }

  @Test
  void cacheStaysBoundedUnderConcurrency() throws Exception {
    SqlClassifier classifier = new SqlClassifier(100);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 5_000; i++) {
                    classifier.classify("SELECT " + thread + ", " + i);
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(classifier.cachedTexts()).isLessThanOrEqualTo(100 + 2 * 8);
  }

  @Test
  void zeroCapacityDisablesTheCache() {
    SqlClassifier classifier = new SqlClassifier(0);
    String sql = "SELECT 1";

    ClassifiedSql first = classifier.classify(sql);

    assertThat(classifier.classify(sql))
        .isNotSameAs(first)
        .usingRecursiveComparison()
        .isEqualTo(first);
    assertThat(classifier.cachedTexts()).isZero();
  }

  @Test
  void veryLongTextsAreClassifiedButNotCached() {
    SqlClassifier classifier = new SqlClassifier(16);
    String sql = "SELECT '" + "x".repeat(70 * 1024) + "'";

    ClassifiedSql first = classifier.classify(sql);

    assertThat(first.first().kind()).isEqualTo(StatementKind.READ);
    assertThat(classifier.classify(sql)).isNotSameAs(first);
    assertThat(classifier.cachedTexts()).isZero();
  }

  @Test
  void tempQualifierThatIsATableAliasIsNotTemp() {
    SqlClassifier classifier = new SqlClassifier(0);

    assertThat(classifier.classify("SELECT temp.a FROM t AS temp").first().temp()).isFalse();
    assertThat(
            classifier
                .classify("UPDATE t SET a = 1 FROM u AS temp WHERE temp.id = t.id")
                .first()
                .temp())
        .isFalse();
    assertThat(classifier.classify("SELECT a FROM temp.t AS temp").first().temp()).isTrue();
    // JSqlParser cannot parse this; the lexer's answer (temp) stands.
    assertThat(
            classifier
                .classify("INSERT OR IGNORE INTO t SELECT temp.a FROM t AS temp")
                .first()
                .temp())
        .isTrue();
  }

  @Test
  void referencedTablesUsesJSqlParserWhereItParses() {
    SqlClassifier classifier = new SqlClassifier(0);
    SqlStatement s =
        classifier
            .classify(
                "WITH q AS (SELECT * FROM z) SELECT * FROM main.\"A\" a JOIN [B] b ON a.x = b.y, "
                    + "TEMP.c WHERE x IN (SELECT y FROM q)")
            .first();

    assertThat(classifier.referencedTables(s)).containsExactlyInAnyOrder("z", "a", "b", "temp.c");
  }

  @Test
  void referencedTablesFallsBackToTheLexer() {
    SqlClassifier classifier = new SqlClassifier(0);

    assertThat(
            classifier.referencedTables(
                classifier
                    .classify("INSERT OR REPLACE INTO temp.t SELECT * FROM u, \"V\" AS v")
                    .first()))
        .containsExactlyInAnyOrder("temp.t", "u", "v");
    assertThat(
            classifier.referencedTables(
                classifier.classify("CREATE TABLE IF NOT EXISTS t (a) WITHOUT ROWID").first()))
        .containsExactly("t");
    assertThat(
            classifier.referencedTables(
                classifier
                    .classify(
                        "CREATE TEMP TRIGGER tr AFTER INSERT ON main.t BEGIN "
                            + "UPDATE OR IGNORE u SET a = 1; END")
                    .first()))
        .containsExactlyInAnyOrder("t", "u");
  }

  @Test
  void referencedTablesOfStatementsWithoutTablesIsEmpty() {
    SqlClassifier classifier = new SqlClassifier(0);

    assertThat(classifier.referencedTables(classifier.classify("SELECT 1").first())).isEmpty();
    assertThat(classifier.referencedTables(classifier.classify("BEGIN").first())).isEmpty();
  }

  @Test
  void statementKindsThatMayWrite() {
    assertThat(StatementKind.READ.mayWrite()).isFalse();
    assertThat(StatementKind.UNKNOWN.mayWrite()).isTrue();
  }
}
