package dev.connmgmt.sample;

import org.springframework.boot.env.EnvironmentPostProcessor;

/**
 * Spring Boot 3.5's {@link EnvironmentPostProcessor}, under the name the sample's shared
 * sources implement on both lines; {@code META-INF/spring.factories} next to it registers
 * the sample's post-processor under this line's key.
 */
interface SampleEnvironmentPostProcessor extends EnvironmentPostProcessor {

}
