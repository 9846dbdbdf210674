package dev.sharedschema.cli.docs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Fresh directories standing for the ones a doc names ({@code /tmp/app}), so parallel builds and a
 * user's own {@code /tmp/app} are never touched. Each lies beside the named one with a random name
 * of the same length, so a table whose columns are padded to its paths keeps the doc's layout once
 * the path is put back.
 */
final class DocDirs implements AutoCloseable {
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Doc path to real path, longest first so {@code /tmp/app2} is not read as {@code /tmp/app}. */
  private final Map<String, String> real = new LinkedHashMap<>();

  DocDirs(Iterable<String> docDirs) throws IOException {
    List<String> longestFirst = new ArrayList<>();
    docDirs.forEach(longestFirst::add);
    longestFirst.sort(Comparator.comparingInt(String::length).reversed());
    for (String doc : longestFirst) {
      real.put(doc, create(Path.of(doc)).toString());
    }
  }

  /** The command as it runs: every doc directory replaced by its stand-in. */
  String toReal(String text) {
    for (Map.Entry<String, String> e : real.entrySet()) {
      text = text.replace(e.getKey(), e.getValue());
    }
    return text;
  }

  /** The output as the doc shows it: every stand-in replaced by the doc's directory. */
  String toDoc(String text) {
    for (Map.Entry<String, String> e : real.entrySet()) {
      text = text.replace(e.getValue(), e.getKey());
    }
    return text;
  }

  private static Path create(Path doc) throws IOException {
    Path parent = doc.toAbsolutePath().getParent().toRealPath();
    int length = doc.getFileName().toString().length();
    for (int attempt = 0; attempt < 100; attempt++) {
      StringBuilder name = new StringBuilder();
      for (int i = 0; i < length; i++) {
        name.append(LETTERS.charAt(RANDOM.nextInt(LETTERS.length())));
      }
      if (name.toString().equals(doc.getFileName().toString())) {
        continue; // never the user's own directory
      }
      try {
        return Files.createDirectory(parent.resolve(name.toString()));
      } catch (FileAlreadyExistsException taken) {
        // try another name
      }
    }
    throw new IOException("no free name of length " + length + " in " + parent);
  }

  @Override
  public void close() throws IOException {
    for (String dir : real.values()) {
      try (Stream<Path> all = Files.walk(Path.of(dir))) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
