package dev.sharedschema.driver.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test class's {@code main} running in another JVM, driven line by line: commands on its stdin,
 * one answer line per command on its stdout. Another process is what a lock held by "someone else"
 * or a scheduler without root's powers really is.
 */
final class ChildJvm implements AutoCloseable {
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final PrintWriter in;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuilder transcript = new StringBuilder();

  private ChildJvm(Process process) {
    this.process = process;
    this.in =
        new PrintWriter(
            new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
            true);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("! " + e);
              }
              lines.add("! exited");
            },
            "child-jvm-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code main} with {@code classPath}; {@code prefix} (e.g. {@code setpriv …}) goes before
   * the java command.
   */
  static ChildJvm start(List<String> prefix, String classPath, Class<?> main, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-cp", classPath, main.getName()));
    cmd.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
  }

  /** The class path this test JVM runs with. */
  static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /** Sends {@code command} and returns the first line the child prints that starts with "= ". */
  String ask(String command) throws IOException {
    transcript.append("> ").append(command).append('\n');
    in.println(command);
    if (in.checkError()) {
      throw new IOException("the child JVM stopped reading: " + transcript);
    }
    return answer();
  }

  /**
   * The next answer line ("= …") without its prefix; other lines (logging) go to the transcript.
   */
  String answer() throws IOException {
    long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
    while (true) {
      String line;
      try {
        line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (line == null || line.startsWith("! ")) {
        throw new IOException(
            "no answer from the child JVM ("
                + (line == null ? "timeout" : line)
                + "):\n"
                + transcript);
      }
      transcript.append(line).append('\n');
      if (line.startsWith("= ")) {
        return line.substring(2);
      }
    }
  }

  String transcript() {
    return transcript.toString();
  }

  @Override
  public void close() throws IOException {
    in.close();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
