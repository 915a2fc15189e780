package dev.connmgmt.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Imports Spring Boot's Micrometer auto-configuration with the Prometheus registry and DataSource pool metrics. Each Spring Boot line names its own classes in
 * {@code META-INF/spring/dev.connmgmt.testing.ImportPrometheusAutoConfiguration.imports}, so a test that uses this
 * runs unchanged on both lines.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ImportAutoConfiguration
public @interface ImportPrometheusAutoConfiguration {

}
