package dev.sharedschema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** Runs the {@code sharedschema} command in-process, as the tests' one way in. */
final class Cli {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Cli() {}

  /** What one run printed and returned. */
  record Result(int exit, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new UncheckedIOException("not JSON: " + out, e);
      }
    }

    /** Exit 1 with one clear message and no stack trace. */
    Result failsClearly(String... fragments) {
      assertThat(exit).as("exit code; out=%s err=%s", out, err).isEqualTo(1);
      assertThat(err).contains(fragments).doesNotContain("\tat ", "Exception:", "Caused by");
      return this;
    }

    Result succeeds() {
      assertThat(exit).as("exit code; out=%s err=%s", out, err).isZero();
      assertThat(err).isEmpty();
      return this;
    }
  }

  static Result run(Object... args) {
    String[] strings = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      strings[i] = String.valueOf(args[i]);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = SharedSchemaCommand.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(strings);
    return new Result(exit, out.toString(), err.toString());
  }
}
