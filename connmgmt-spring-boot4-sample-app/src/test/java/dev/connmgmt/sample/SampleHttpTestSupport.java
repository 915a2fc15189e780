package dev.connmgmt.sample;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;

/**
 * What the sample's tests call it over HTTP with: Spring Boot 4.1's
 * {@link TestRestTemplate}, bound to the random port of the test's
 * {@code @SpringBootTest}. Boot 4 moved it to {@code spring-boot-resttestclient} and
 * registers it only for tests annotated with {@link AutoConfigureTestRestTemplate}
 * (inherited by the subclasses). The tests are shared by both Spring Boot lines; only this
 * class names the line's types.
 */
@AutoConfigureTestRestTemplate
abstract class SampleHttpTestSupport {

	@Autowired
	protected TestRestTemplate http;

}
