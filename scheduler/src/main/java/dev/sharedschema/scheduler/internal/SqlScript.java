package dev.sharedschema.scheduler.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A DDL script kept as a resource, its statements separated by lines holding only {@code ;}. */
public final class SqlScript {
  private final String name;
  private final List<String> statements;

  private SqlScript(String name, List<String> statements) {
    this.name = name;
    this.statements = List.copyOf(statements);
  }

  /** Loads {@code /dev/sharedschema/scheduler/<name>} from the class path. */
  public static SqlScript load(String name) {
    String resource = "/dev/sharedschema/scheduler/" + name;
    try (InputStream in = SqlScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> parts = new ArrayList<>();
      for (String part : text.split("(?m)^;\\s*$")) {
        if (!part.replaceAll("(?m)--.*$", "").isBlank()) {
          parts.add(part.strip());
        }
      }
      return new SqlScript(name, parts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** Runs every statement on {@code connection}, in order. */
  public void run(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      for (String sql : statements) {
        st.executeUpdate(sql);
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
