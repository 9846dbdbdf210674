package dev.sharedschema.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import org.junit.jupiter.api.Test;

/**
 * The examples' logging set-up of docs/logging.md: sharedschema's System.Logger records go to SLF4J
 * (slf4j-jdk-platform-logging) and from there to slf4j-simple, at the levels
 * simplelogger.properties sets.
 */
class LoggingRouteTest {
  @Test
  void systemLoggerRecordsReachSlf4jAtTheConfiguredLevels() {
    assertThat(System.LoggerFinder.getLoggerFinder().getClass().getName())
        .isEqualTo("org.slf4j.jdk.platform.logging.SLF4JSystemLoggerFinder");
    assertThat(org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName())
        .isEqualTo("org.slf4j.simple.SimpleLoggerFactory");
    System.Logger scheduler = System.getLogger("dev.sharedschema.scheduler");
    assertThat(scheduler.isLoggable(Level.INFO)).isTrue();
    assertThat(scheduler.isLoggable(Level.DEBUG)).isFalse();
    assertThat(System.getLogger("com.zaxxer.hikari").isLoggable(Level.INFO)).isFalse();
  }
}
