package dev.connmgmt.sample;

import org.springframework.boot.EnvironmentPostProcessor;

/**
 * Spring Boot 4.1's {@link EnvironmentPostProcessor} (Boot 4 moved it out of
 * {@code org.springframework.boot.env}, where it is deprecated for removal), under the name
 * the sample's shared sources implement on both lines; {@code META-INF/spring.factories}
 * next to it registers the sample's post-processor under this line's key.
 */
interface SampleEnvironmentPostProcessor extends EnvironmentPostProcessor {

}
