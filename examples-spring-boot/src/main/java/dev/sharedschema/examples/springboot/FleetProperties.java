package dev.sharedschema.examples.springboot;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sharedschema.fleet.*}: the directory holding {@code schema.db} and {@code tenants/}, and
 * the tenants this service serves.
 *
 * @param directory the fleet's directory (relative paths resolve against the working directory)
 * @param tenants tenant ids; each is a file name, so only lower-case letters, digits and dashes
 */
@ConfigurationProperties("sharedschema.fleet")
public record FleetProperties(Path directory, List<String> tenants) {
  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public FleetProperties {
    if (directory == null) {
      throw new IllegalArgumentException(
          "sharedschema.fleet.directory is not set: name the directory of the schema database");
    }
    directory = directory.toAbsolutePath().normalize();
    tenants = tenants == null ? List.of() : List.copyOf(tenants);
    for (String t : tenants) {
      if (!TENANT.matcher(t).matches()) {
        throw new IllegalArgumentException(
            "sharedschema.fleet.tenants: '"
                + t
                + "' is not a tenant id (lower-case letters, digits and dashes; it names a file)");
      }
    }
  }

  public Path schemaDatabase() {
    return directory.resolve("schema.db");
  }

  /** The linked URL of a tenant: its file is created from the schema database on first use. */
  public String tenantUrl(String tenant) {
    return "jdbc:sharedschema:sqlite:"
        + directory.resolve("tenants").resolve(tenant + ".db")
        + "?shared_schema_name="
        + schemaDatabase();
  }
}
