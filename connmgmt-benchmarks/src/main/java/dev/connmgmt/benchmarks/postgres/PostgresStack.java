package dev.connmgmt.benchmarks.postgres;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connmgmt.benchmarks.BenchmarkApplication;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The pools compared against the embedded PostgreSQL, both of {@link #POOL_SIZE}
 * connections.
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

	/**
	 * A started pool and how to stop it.
	 *
	 * @param dataSource the pool
	 * @param stop stops it
	 */
	record Running(DataSource dataSource, AutoCloseable stop) {
	}

}
