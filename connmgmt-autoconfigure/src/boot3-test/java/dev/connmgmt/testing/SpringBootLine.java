package dev.connmgmt.testing;

/**
 * Names of Spring Boot classes that the Spring Boot 3.5 line keeps elsewhere than 4.1, for
 * tests that exclude them by name.
 */
public final class SpringBootLine {

	/**
	 * Spring Boot's DataSource auto-configuration.
	 */
	public static final String DATA_SOURCE_AUTO_CONFIGURATION = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration";

	/**
	 * Spring Boot's JdbcTemplate auto-configuration.
	 */
	public static final String JDBC_TEMPLATE_AUTO_CONFIGURATION = "org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration";

	/**
	 * Spring Boot's auto-configuration of DataSource pool metrics, which binds HikariCP's
	 * through its {@code hikariDataSourceMeterBinder} bean.
	 */
	public static final String DATA_SOURCE_POOL_METRICS_AUTO_CONFIGURATION = "org.springframework.boot.actuate.autoconfigure.metrics.jdbc.DataSourcePoolMetricsAutoConfiguration";

	private SpringBootLine() {
	}

}
