package dev.connmgmt.compat.app;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;

/**
 * Spring Boot 4.1's {@link DataJpaTest}, from spring-boot-data-jpa-test, for the tests that
 * both Spring Boot lines share; the twin of the annotation of the same name in
 * connmgmt-compatibility-tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@DataJpaTest
@interface CompatJpaTest {

}
