package dev.connmgmt.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;

/**
 * Excludes Spring Boot's DataSource auto-configuration from what
 * {@code @ImportAutoConfiguration} imports, as an application can.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ImportAutoConfiguration(exclude = DataSourceAutoConfiguration.class)
public @interface ExcludeDataSourceAutoConfiguration {

}
