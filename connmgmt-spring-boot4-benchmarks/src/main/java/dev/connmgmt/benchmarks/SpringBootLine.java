package dev.connmgmt.benchmarks;

/**
 * What the benchmarks name of Spring Boot 4.1 itself: the auto-configurations an
 * application leaves out to go without a layer, which Boot 4 moved into its jdbc and
 * tracing modules.
 */
final class SpringBootLine {

	/**
	 * Spring Boot's Micrometer metrics of HikariCP pools.
	 */
	static final String POOL_METRICS = "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration";

	/**
	 * Spring Boot's OpenTelemetry tracer.
	 */
	static final String TRACING = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration";

	private SpringBootLine() {
	}

}
