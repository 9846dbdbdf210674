package dev.sharedschema.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A service with a database per tenant: {@code /tenants/{tenant}/notes} reads and writes that
 * tenant's linked database, and Flyway migrates the schema database at start, so every tenant has
 * every migration before the first request. Run it with {@code mvn -B -pl examples-spring-boot -am
 * compile spring-boot:run}; see docs/spring-boot.md.
 */
@SpringBootApplication
@EnableConfigurationProperties(FleetProperties.class)
public class TenantsApplication {
  public static void main(String[] args) {
    SpringApplication.run(TenantsApplication.class, args);
  }
}
