package dev.sharedschema.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON for the {@code --json} output of read commands, without a JSON library in the jar.
 * Values are {@code null}, booleans, integral numbers, finite doubles, strings (and enums, paths,
 * instants as strings), {@code Map<String, ?>} and {@code Iterable}. Everything outside printable
 * ASCII is escaped, so the output is valid JSON whatever the console's encoding.
 */
final class Json {
  private static final String INDENT = "  ";

  private Json() {}

  /** {@code value} as indented JSON text, without a trailing newline. */
  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    value(out, value, "");
    return out.toString();
  }

  private static void value(StringBuilder out, Object v, String indent) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
      out.append(v);
    } else if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new IllegalArgumentException("JSON has no " + d);
      }
      out.append(d);
    } else if (v instanceof CharSequence
        || v instanceof Enum
        || v instanceof Path
        || v instanceof Instant) {
      string(out, v.toString());
    } else if (v instanceof Map<?, ?> m) {
      object(out, m, indent);
    } else if (v instanceof Iterable<?> items) {
      array(out, items.iterator(), indent);
    } else {
      throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
    }
  }

  private static void object(StringBuilder out, Map<?, ?> m, String indent) {
    if (m.isEmpty()) {
      out.append("{}");
      return;
    }
    String inner = indent + INDENT;
    out.append('{');
    String sep = "\n";
    for (Map.Entry<?, ?> e : m.entrySet()) {
      out.append(sep).append(inner);
      string(out, String.valueOf(e.getKey()));
      out.append(": ");
      value(out, e.getValue(), inner);
      sep = ",\n";
    }
    out.append('\n').append(indent).append('}');
  }

  private static void array(StringBuilder out, Iterator<?> items, String indent) {
    if (!items.hasNext()) {
      out.append("[]");
      return;
    }
    String inner = indent + INDENT;
    out.append('[');
    String sep = "\n";
    while (items.hasNext()) {
      out.append(sep).append(inner);
      value(out, items.next(), inner);
      sep = ",\n";
    }
    out.append('\n').append(indent).append(']');
  }

  /**
   * RFC 8259 string: quotes, backslashes and control characters escaped; non-ASCII as {@code
   * \\uXXXX}.
   */
  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
