package dev.sharedschema.scheduler.scaleout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A {@link NodeProcess} as the parent test drives it: start, kill -9, stop, continue, read. */
final class NodeChild {
  final String name;
  private final List<String> args;
  private final Map<String, Integer> seen = new ConcurrentHashMap<>();
  private final List<String> tail = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean holdsLease;
  private Process process;

  NodeChild(String name, List<String> args) {
    this.name = name;
    this.args = args;
  }

  NodeChild start() throws IOException, InterruptedException {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-cp",
                cp,
                NodeProcess.class.getName()));
    cmd.addAll(args);
    seen.remove("started");
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Process p = process;
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  read(line);
                }
              } catch (IOException e) {
                // killed
              }
            },
            "node-" + name);
    pump.setDaemon(true);
    pump.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (count("started") == 0) {
      if (System.nanoTime() > deadline || !p.isAlive()) {
        throw new IllegalStateException(name + " did not start:\n" + tail());
      }
      Thread.sleep(20);
    }
    return this;
  }

  private void read(String line) {
    if (line.equals("lease held")) {
      holdsLease = true;
    } else if (line.equals("lease gone")) {
      holdsLease = false;
    }
    seen.merge(line, 1, Integer::sum);
    if (!line.startsWith("task ")) {
      tail.add(line);
    }
  }

  int count(String line) {
    return seen.getOrDefault(line, 0);
  }

  boolean holdsLease() {
    return holdsLease && process.isAlive();
  }

  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    holdsLease = false;
  }

  void signal(String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  String tail() {
    synchronized (tail) {
      return name
          + ":\n  "
          + String.join("\n  ", tail.subList(Math.max(0, tail.size() - 30), tail.size()));
    }
  }
}
