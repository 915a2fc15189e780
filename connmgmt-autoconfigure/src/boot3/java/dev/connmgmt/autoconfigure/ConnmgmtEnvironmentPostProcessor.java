package dev.connmgmt.autoconfigure;

import org.springframework.boot.env.EnvironmentPostProcessor;

/**
 * Spring Boot 3.5's {@link EnvironmentPostProcessor}, under the name the shared wiring's
 * defaults implement on both lines; this line's {@code META-INF/spring.factories} registers
 * them under its key.
 */
interface ConnmgmtEnvironmentPostProcessor extends EnvironmentPostProcessor {

}
