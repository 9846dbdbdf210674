import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Run by ShadedJarIT as {@code java -cp sharedschema.jar ListDrivers.java}, with nothing but the
 * shaded jar on the class path: loads every java.sql.Driver the jar lists, as a tool that lists
 * drivers does (DBeaver calls getMajorVersion on each), and prints one line per driver and one for
 * our DatabaseMetaData. Any exception fails the run (exit 1).
 */
public class ListDrivers {
  public static void main(String[] args) throws Exception {
    Set<String> listed = new LinkedHashSet<>();
    ClassLoader loader = ListDrivers.class.getClassLoader();
    for (URL url : Collections.list(loader.getResources("META-INF/services/java.sql.Driver"))) {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
        in.lines()
            .map(l -> l.replaceAll("#.*", "").trim())
            .filter(l -> !l.isEmpty())
            .forEach(listed::add);
      }
    }
    for (String name : listed) {
      Driver d = (Driver) Class.forName(name, true, loader).getDeclaredConstructor().newInstance();
      System.out.println("driver " + name + " " + d.getMajorVersion() + "." + d.getMinorVersion());
    }
    try (Connection c = DriverManager.getConnection("jdbc:sharedschema:sqlite::memory:")) {
      DatabaseMetaData md = c.getMetaData();
      System.out.println(
          "metadata "
              + md.getDriverName()
              + " | "
              + md.getDriverVersion()
              + " | "
              + md.getDriverMajorVersion()
              + "."
              + md.getDriverMinorVersion()
              + " | "
              + md.getDatabaseProductName());
    }
  }
}
