package dev.connmgmt.compat.app;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;

/**
 * Spring Boot 3.5's auto-configuration without the DataSource, its transaction manager and
 * Hibernate, for the tests that both Spring Boot lines share: Spring Boot 4 moved these
 * auto-configurations to other packages, so the shared tests use this annotation, which has
 * a twin of the same name in connmgmt-spring-boot4-compatibility-tests. The classes, not
 * their names, keep a moved class a compilation error rather than an exclusion of nothing.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@EnableAutoConfiguration(exclude = { DataSourceAutoConfiguration.class,
		DataSourceTransactionManagerAutoConfiguration.class, HibernateJpaAutoConfiguration.class })
@interface EnableAutoConfigurationWithoutDatabase {

}
