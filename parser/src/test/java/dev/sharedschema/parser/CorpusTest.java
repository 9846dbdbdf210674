package dev.sharedschema.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The table-driven corpus: corpus.txt (one statement each) and scripts.txt (several). */
class CorpusTest {
  private static final SqlClassifier CLASSIFIER = new SqlClassifier(0);

  static Stream<Arguments> statements() {
    return TextTable.read("corpus.txt", 4).stream()
        .map(r -> Arguments.of(r.line(), r.sql(), r.columns()[0], r.columns()[1], r.text(2)));
  }

  @ParameterizedTest(name = "corpus.txt:{0}  {1}")
  @MethodSource("statements")
  void classifiesEachStatement(int line, String sql, String kind, String flags, String target) {
    ClassifiedSql result = CLASSIFIER.classify(sql);

    assertThat(result.statements()).as("one statement").hasSize(1);
    SqlStatement s = result.first();
    Set<String> f = Set.of(flags.split(","));
    assertThat(s.kind()).as("kind").isEqualTo(StatementKind.valueOf(kind));
    assertThat(s.temp()).as("temp").isEqualTo(f.contains("temp"));
    assertThat(s.writesReserved()).as("writesReserved").isEqualTo(f.contains("reserved"));
    assertThat(s.returnsRows()).as("returnsRows").isEqualTo(f.contains("rows"));
    assertThat(s.target()).as("target").isEqualTo(target);
    assertThat(s.number()).isEqualTo(1);
    assertThat(s.sql()).isEqualTo(sql.substring(s.start(), s.end()));
    assertThat(result.allReads()).isEqualTo(s.kind() == StatementKind.READ);
  }

  @Test
  void corpusIsLargeAndCoversEveryKind() {
    List<TextTable.Row> rows = TextTable.read("corpus.txt", 4);
    assertThat(rows).hasSizeGreaterThanOrEqualTo(200);
    assertThat(rows.stream().map(r -> StatementKind.valueOf(r.columns()[0])).distinct())
        .containsExactlyInAnyOrder(StatementKind.values());
  }

  private static final Map<String, StatementKind> SHORT =
      Map.of(
          "TC", StatementKind.TRANSACTION_CONTROL,
          "R", StatementKind.READ,
          "DW", StatementKind.DATA_WRITE,
          "SC", StatementKind.SCHEMA_CHANGE,
          "FW", StatementKind.FILE_WRITE,
          "CL", StatementKind.CONNECTION_LOCAL,
          "A", StatementKind.ATTACH,
          "D", StatementKind.DETACH,
          "U", StatementKind.UNKNOWN);

  static Stream<Arguments> scripts() {
    return TextTable.read("scripts.txt", 2).stream()
        .map(r -> Arguments.of(r.line(), r.sql(), r.columns()[0]));
  }

  @ParameterizedTest(name = "scripts.txt:{0}  {1}")
  @MethodSource("scripts")
  void splitsScriptsIntoTheExpectedKinds(int line, String sql, String kinds) {
    List<StatementKind> expected =
        "-".equals(kinds) ? List.of() : Arrays.stream(kinds.split(",")).map(SHORT::get).toList();

    ClassifiedSql result = CLASSIFIER.classify(sql);

    assertThat(result.statements())
        .extracting(SqlStatement::kind)
        .containsExactlyElementsOf(expected);
    assertThat(result.anyTransactionControl())
        .isEqualTo(expected.contains(StatementKind.TRANSACTION_CONTROL));
    for (SqlStatement s : result.statements()) {
      assertThat(s.sql()).isEqualTo(sql.substring(s.start(), s.end()));
    }
  }
}
