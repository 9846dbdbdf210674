package dev.sharedschema.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/** Exact offsets and texts of split statements. */
class SplitBoundaryTest {
  private final SqlClassifier classifier = new SqlClassifier(0);

  @Test
  void statementsExcludeSurroundingBlanksCommentsAndSemicolons() {
    String sql = "  SELECT 1 ; /*c*/ BEGIN -- x\n;\n\tCOMMIT/* end */";

    assertThat(classifier.classify(sql).statements())
        .extracting(SqlStatement::sql, SqlStatement::start, SqlStatement::end, SqlStatement::number)
        .containsExactly(
            tuple("SELECT 1", 2, 10, 1), tuple("BEGIN", 19, 24, 2), tuple("COMMIT", 33, 39, 3));
  }

  @Test
  void commentsInsideAStatementStayInIt() {
    String sql = "SELECT /* a; */ 1 -- b;\n + 2; SELECT 3";

    assertThat(classifier.classify(sql).statements())
        .extracting(SqlStatement::sql)
        .containsExactly("SELECT /* a; */ 1 -- b;\n + 2", "SELECT 3");
  }

  @Test
  void triggerBodyStaysOneStatementUpToItsEnd() {
    String trigger =
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
            + "  UPDATE t SET a = CASE WHEN new.a THEN 'END' END;\n"
            + "  INSERT INTO log VALUES ('x; COMMIT');\n"
            + "END";
    String sql = trigger + ";\nCOMMIT;";

    ClassifiedSql result = classifier.classify(sql);

    assertThat(result.statements())
        .extracting(SqlStatement::sql)
        .containsExactly(trigger, "COMMIT");
    assertThat(result.statements().get(1).start()).isEqualTo(trigger.length() + 2);
  }

  @Test
  void emptyTextsHaveNoStatements() {
    for (String sql :
        new String[] {"", "   ", ";", ";;  ;", "-- c", "/* c */", "/* open", "--a\n;--b"}) {
      ClassifiedSql result = classifier.classify(sql);
      assertThat(result.isEmpty()).as(sql).isTrue();
      assertThat(result.first()).as(sql).isNull();
      assertThat(result.allReads()).as(sql).isTrue();
    }
  }

  @Test
  void unterminatedQuoteTakesTheRestOfTheText() {
    String sql = "SELECT 1; INSERT INTO t VALUES ('a; COMMIT; SELECT 2";

    ClassifiedSql result = classifier.classify(sql);

    assertThat(result.statements())
        .extracting(SqlStatement::sql, SqlStatement::kind)
        .containsExactly(
            tuple("SELECT 1", StatementKind.READ),
            tuple("INSERT INTO t VALUES ('a; COMMIT; SELECT 2", StatementKind.DATA_WRITE));
    assertThat(result.allReads()).isFalse();
    assertThat(result.anyTransactionControl()).isFalse();
  }

  @Test
  void wholeTextAsOneStatementIsTheSameString() {
    String sql = "SELECT * FROM users WHERE id = 42";

    assertThat(classifier.classify(sql).first().sql()).isSameAs(sql);
  }
}
