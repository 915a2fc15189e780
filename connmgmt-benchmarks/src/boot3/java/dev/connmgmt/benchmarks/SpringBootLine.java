package dev.connmgmt.benchmarks;

/**
 * What the benchmarks name of Spring Boot 3.5 itself: the auto-configurations an
 * application leaves out to go without a layer.
 */
final class SpringBootLine {

	/**
	 * Spring Boot's Micrometer metrics of HikariCP pools.
	 */
	static final String POOL_METRICS = "org.springframework.boot.actuate.autoconfigure.metrics.jdbc.DataSourcePoolMetricsAutoConfiguration";

	/**
	 * Spring Boot's OpenTelemetry tracer.
	 */
	static final String TRACING = "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration";

	private SpringBootLine() {
	}

}
