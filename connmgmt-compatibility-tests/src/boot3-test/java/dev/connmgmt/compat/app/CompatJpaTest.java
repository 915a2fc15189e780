package dev.connmgmt.compat.app;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;

/**
 * Spring Boot 3.5's {@link DataJpaTest}, for the tests that both Spring Boot lines share:
 * Spring Boot 4 moved it to {@code org.springframework.boot.data.jpa.test.autoconfigure},
 * so the shared tests use this annotation, which has a twin of the same name in
 * connmgmt-spring-boot4-compatibility-tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@DataJpaTest
@interface CompatJpaTest {

}
