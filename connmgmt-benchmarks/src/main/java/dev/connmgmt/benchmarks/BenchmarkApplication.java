package dev.connmgmt.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application with connmgmt-starter and Micrometer Tracing (OpenTelemetry) on its
 * classpath, as a traced user's application would be: started with
 * connmgmt on it measures connmgmt's default stack; with {@code connmgmt.enabled=false} it
 * measures Spring Boot's default (HikariCP with its Micrometer metrics tracker).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchmarkApplication {

	/**
	 * Start the application with some properties.
	 * @param properties {@code key=value} pairs
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("spring.main.banner-mode=off", "logging.level.root=warn")
			.properties(properties)
			.run();
	}

}
