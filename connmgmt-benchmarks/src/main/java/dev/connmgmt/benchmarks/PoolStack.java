package dev.connmgmt.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connmgmt.benchmarks.stub.StubDriver;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The connection pool stacks compared, all with a pool of {@link #POOL_SIZE} connections
 * to the stub driver.
 */
public enum PoolStack {

	/**
	 * HikariCP alone, configured by hand.
	 */
	RAW_HIKARICP {
		@Override
		Running start() throws Exception {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(StubDriver.URL);
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
		Running start() throws Exception {
			return fromContext(BenchmarkApplication.start("connmgmt.enabled=false",
					"spring.datasource.url=" + StubDriver.URL, "spring.datasource.driver-class-name=" + StubDriver.class.getName(),
					"spring.datasource.hikari.maximum-pool-size=" + POOL_SIZE));
		}
	},

	/**
	 * What connmgmt configures from connmgmt.pools.*, with nothing but the URL and size set:
	 * its connection factory, circuit breaker, eviction classification, acquisition tracing
	 * (no trace active while measuring) and Spring Boot's Micrometer metrics tracker.
	 */
	CONNMGMT_DEFAULT {
		@Override
		Running start() throws Exception {
			return fromContext(BenchmarkApplication.start("connmgmt.pools.bench.url=" + StubDriver.URL,
					"connmgmt.pools.bench.driver-class-name=" + StubDriver.class.getName(),
					"connmgmt.pools.bench.maximum-pool-size=" + POOL_SIZE));
		}
	},

	/**
	 * connmgmt's default stack in an application that does not trace: the same stack
	 * without the acquisition-tracing check, to show what that check costs.
	 */
	CONNMGMT_WITHOUT_TRACING {
		@Override
		Running start() throws Exception {
			return fromContext(BenchmarkApplication.start("management.tracing.enabled=false",
					"connmgmt.pools.bench.url=" + StubDriver.URL,
					"connmgmt.pools.bench.driver-class-name=" + StubDriver.class.getName(),
					"connmgmt.pools.bench.maximum-pool-size=" + POOL_SIZE));
		}
	};

	static final int POOL_SIZE = 4;

	abstract Running start() throws Exception;

	private static Running fromContext(ConfigurableApplicationContext context) throws SQLException {
		DataSource dataSource = context.getBean(DataSource.class);
		try (Connection connection = dataSource.getConnection()) {
			connection.isValid(1);
		}
		return new Running(dataSource, context::close);
	}

	/**
	 * A started stack and how to stop it.
	 *
	 * @param dataSource where connections are borrowed
	 * @param stop stops the stack
	 */
	public record Running(DataSource dataSource, AutoCloseable stop) {
	}

}
