package dev.connmgmt.sample;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * What the sample's tests call it over HTTP with: Spring Boot 3.5's
 * {@link TestRestTemplate}, bound to the random port of the test's
 * {@code @SpringBootTest}. The tests are shared by both Spring Boot lines; only this class
 * names the line's type.
 */
abstract class SampleHttpTestSupport {

	@Autowired
	protected TestRestTemplate http;

}
