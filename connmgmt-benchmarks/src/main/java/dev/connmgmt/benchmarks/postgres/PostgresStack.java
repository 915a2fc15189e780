package dev.connmgmt.benchmarks.postgres;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connmgmt.benchmarks.BenchmarkApplication;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The pools compared against the embedded PostgreSQL, all of {@link #POOL_SIZE}
 * connections: raw HikariCP for reference, Spring Boot's default twice (the second
 * instance measures the measurement: an A/A pair whose ratio should be 1), and connmgmt's
 * default.
 */
public enum PostgresStack {

	/**
	 * HikariCP alone, configured by hand.
	 */
	RAW_HIKARICP {
		@Override
		Running start(BenchmarkDatabase database) {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(database.url());
			config.setUsername(database.username());
			config.setPassword(database.password());
			config.setMaximumPoolSize(POOL_SIZE);
			config.setMinimumIdle(POOL_SIZE);
			HikariDataSource dataSource = new HikariDataSource(config);
			return new Running(dataSource, dataSource::close);
		}
	},

	/**
	 * What Spring Boot configures from spring.datasource.*: HikariCP with the Micrometer
	 * metrics tracker of its actuator.
	 */
	SPRING_BOOT_DEFAULT {
		@Override
		Running start(BenchmarkDatabase database) {
			return springBootDefault(database);
		}
	},

	/**
	 * A second, identical instance of Spring Boot's default, in an application of its own:
	 * what it measures against {@link #SPRING_BOOT_DEFAULT} is the benchmark's own error.
	 */
	SPRING_BOOT_DEFAULT_TWIN {
		@Override
		Running start(BenchmarkDatabase database) {
			return springBootDefault(database);
		}
	},

	/**
	 * connmgmt's default stack with nothing but the URL, credentials and size set (breaker,
	 * eviction classification, Micrometer metrics tracker, acquisition tracing with no trace
	 * active).
	 */
	CONNMGMT_DEFAULT {
		@Override
		Running start(BenchmarkDatabase database) {
			ConfigurableApplicationContext context = BenchmarkApplication.start(
					"connmgmt.pools.bench.url=" + database.url(), "connmgmt.pools.bench.username=" + database.username(),
					"connmgmt.pools.bench.password=" + database.password(),
					"connmgmt.pools.bench.maximum-pool-size=" + POOL_SIZE);
			return new Running(context.getBean(DataSource.class), context::close);
		}
	};

	/**
	 * Connections in each pool.
	 */
	public static final int POOL_SIZE = 4;

	abstract Running start(BenchmarkDatabase database);

	private static Running springBootDefault(BenchmarkDatabase database) {
		ConfigurableApplicationContext context = BenchmarkApplication.start("connmgmt.enabled=false",
				"spring.datasource.url=" + database.url(), "spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(),
				"spring.datasource.hikari.maximum-pool-size=" + POOL_SIZE);
		try {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			if (dataSource.getMetricsTrackerFactory() == null) {
				throw new IllegalStateException("Spring Boot's default stack has no Micrometer metrics tracker");
			}
			return new Running(dataSource, context::close);
		}
		catch (RuntimeException ex) {
			context.close();
			throw ex;
		}
	}

	/**
	 * A started pool and how to stop it.
	 *
	 * @param dataSource the pool
	 * @param stop stops it
	 */
	record Running(DataSource dataSource, AutoCloseable stop) {
	}

}
