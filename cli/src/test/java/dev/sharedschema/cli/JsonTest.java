package dev.sharedschema.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hand-written JSON writer against a real parser. */
class JsonTest {
  private static final ObjectMapper PARSER = new ObjectMapper();

  @Test
  void escapesWhatJsonRequires() throws Exception {
    String nasty =
        "quote \" backslash \\ newline \n tab \t nul \0 bell \u0007 del \u007f é € 😀 \u2028";
    JsonNode n = PARSER.readTree(Json.write(Map.of("s", nasty)));
    assertThat(n.get("s").asText()).isEqualTo(nasty);
    assertThat(Json.write(nasty)).matches("[\\x20-\\x7e]*");
  }

  @Test
  void writesEveryKindOfValue() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("null", null);
    m.put("true", true);
    m.put("int", 42);
    m.put("long", Long.MAX_VALUE);
    m.put("double", 1.5);
    m.put("path", Path.of("/a b/c.db"));
    m.put("instant", Instant.parse("2025-01-02T03:04:05.678Z"));
    m.put("enum", ProgressMode.lines);
    m.put("empty list", List.of());
    m.put("empty map", Map.of());
    m.put("nested", List.of(Map.of("k", List.of(1, 2)), "x"));
    JsonNode n = PARSER.readTree(Json.write(m));
    assertThat(n.get("null").isNull()).isTrue();
    assertThat(n.get("true").asBoolean()).isTrue();
    assertThat(n.get("long").asLong()).isEqualTo(Long.MAX_VALUE);
    assertThat(n.get("double").asDouble()).isEqualTo(1.5);
    assertThat(n.get("path").asText()).isEqualTo("/a b/c.db");
    assertThat(n.get("instant").asText()).isEqualTo("2025-01-02T03:04:05.678Z");
    assertThat(n.get("enum").asText()).isEqualTo("lines");
    assertThat(n.get("empty list").size()).isZero();
    assertThat(n.get("nested").get(0).get("k").get(1).asInt()).isEqualTo(2);
  }

  @Test
  void refusesWhatJsonCannotHold() {
    assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class);
  }

  static LongStream seeds() {
    return LongStream.range(0, 20).map(i -> 0x5eed0000L + i);
  }

  /**
   * Random strings of any UTF-16 code units, including lone surrogates and controls, survive a
   * round trip.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomStringsRoundTrip(long seed) throws Exception {
    Random random = new Random(seed);
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      StringBuilder s = new StringBuilder();
      int len = random.nextInt(40);
      for (int j = 0; j < len; j++) {
        s.append(
            switch (random.nextInt(4)) {
              case 0 -> (char) random.nextInt(0x20);
              case 1 -> (char) (0x20 + random.nextInt(0x60));
              case 2 -> "\"\\/".charAt(random.nextInt(3));
              default -> Character.toChars(0x80 + random.nextInt(0x10FFFF - 0x80))[0];
            });
      }
      strings.add(s.toString());
    }
    JsonNode n = PARSER.readTree(Json.write(strings));
    for (int i = 0; i < strings.size(); i++) {
      String expected = strings.get(i);
      assertThat(n.get(i).asText()).as("seed %d string %d", seed, i).isEqualTo(expected);
    }
  }
}
