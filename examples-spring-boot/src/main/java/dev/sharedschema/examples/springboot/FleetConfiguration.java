package dev.sharedschema.examples.springboot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The tenant-routing DataSource (Boot's own DataSource auto-configuration then backs off; Flyway
 * gets its own connection to the schema database from {@code spring.flyway.url}) and the
 * interceptor that picks the tenant.
 */
@Configuration(proxyBeanMethods = false)
class FleetConfiguration implements WebMvcConfigurer {
  private final TenantDataSource tenants;

  FleetConfiguration(FleetProperties fleet) {
    this.tenants = new TenantDataSource(fleet);
  }

  @Bean
  DataSource dataSource() {
    return tenants;
  }

  /**
   * Makes the fleet's directories before Flyway opens the schema database (sharedschema creates
   * database files, not directories), so a first start on an empty machine works.
   */
  @Bean
  FlywayConfigurationCustomizer fleetDirectories(FleetProperties fleet) {
    return configuration -> {
      try {
        Files.createDirectories(fleet.directory().resolve("tenants"));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot create the fleet's directory " + fleet.directory() + ": " + e.getMessage(), e);
      }
    };
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new TenantInterceptor(tenants)).addPathPatterns("/tenants/**");
  }
}
