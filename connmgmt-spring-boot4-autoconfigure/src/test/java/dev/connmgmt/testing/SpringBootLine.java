package dev.connmgmt.testing;

/**
 * Names of Spring Boot classes that the Spring Boot 4.1 line keeps elsewhere than 3.5, for
 * tests that exclude them by name.
 */
public final class SpringBootLine {

	/**
	 * Spring Boot's DataSource auto-configuration.
	 */
	public static final String DATA_SOURCE_AUTO_CONFIGURATION = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

	/**
	 * Spring Boot's JdbcTemplate auto-configuration.
	 */
	public static final String JDBC_TEMPLATE_AUTO_CONFIGURATION = "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration";

	/**
	 * Spring Boot's auto-configuration of DataSource pool metrics, which binds HikariCP's
	 * through its {@code hikariDataSourceMeterBinder} bean.
	 */
	public static final String DATA_SOURCE_POOL_METRICS_AUTO_CONFIGURATION = "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration";

	private SpringBootLine() {
	}

}
