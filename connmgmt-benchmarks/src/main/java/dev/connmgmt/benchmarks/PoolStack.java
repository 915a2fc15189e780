package dev.connmgmt.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connmgmt.autoconfigure.IdempotentRetryCustomizer;
import dev.connmgmt.benchmarks.stub.StubDriver;
import dev.connmgmt.failure.SqlFailures;
import dev.connmgmt.pool.ManagedDataSource;
import io.github.resilience4j.common.retry.configuration.CommonRetryConfigurationProperties;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.tracing.Tracer;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The connection pool stacks compared, all with a pool of {@link #POOL_SIZE} connections
 * to the stub driver. Besides the three whole stacks (raw HikariCP, Spring Boot's default,
 * connmgmt's default), each layer of connmgmt's default stack is measured alone on top of
 * connmgmt's pool with every layer switched off ({@link #CONNMGMT_POOL}), configured the
 * way an application switches layers on and off, so that the report can price each layer.
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
			return Running.borrowing(dataSource, dataSource::close);
		}
	},

	/**
	 * What Spring Boot configures from spring.datasource.*: HikariCP with the Micrometer
	 * metrics tracker of its actuator.
	 */
	SPRING_BOOT_DEFAULT {
		@Override
		Running start() throws Exception {
			ConfigurableApplicationContext context = BenchmarkApplication.start("connmgmt.enabled=false",
					"spring.datasource.url=" + StubDriver.URL,
					"spring.datasource.driver-class-name=" + StubDriver.class.getName(),
					"spring.datasource.hikari.maximum-pool-size=" + POOL_SIZE);
			return fromContext(context, Layers.METRICS);
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
			return connmgmtWith(Layers.BREAKER, Layers.METRICS, Layers.TRACING);
		}
	},

	/**
	 * connmgmt's pool with every layer off: its connection factory and eviction
	 * classification on HikariCP, no breaker, no metrics tracker, no tracing. What each
	 * layer below costs is measured against this.
	 */
	CONNMGMT_POOL {
		@Override
		Running start() throws Exception {
			return connmgmtWith();
		}
	},

	/**
	 * connmgmt's pool with its circuit breaker on acquisition, nothing else.
	 */
	CONNMGMT_BREAKER_ONLY {
		@Override
		Running start() throws Exception {
			return connmgmtWith(Layers.BREAKER);
		}
	},

	/**
	 * connmgmt's pool with each borrow run the way {@code PoolTransactions#idempotent} runs
	 * an attempt: decorated by the pool's retry, shaped by connmgmt's
	 * {@link IdempotentRetryCustomizer} (3 attempts, backoff with jitter, transient failures
	 * only). Nothing else.
	 */
	CONNMGMT_RETRY_ONLY {
		@Override
		Running start() throws Exception {
			ConfigurableApplicationContext context = PoolStack.connmgmt(List.<Layers>of());
			Running running = fromContext(context);
			RetryConfig.Builder<Object> builder = RetryConfig.custom();
			new IdempotentRetryCustomizer(POOL_NAME, context.getBean(SqlFailures.class),
					context.getBeanProvider(CommonRetryConfigurationProperties.class))
				.customize(builder);
			Retry retry = Retry.of(POOL_NAME, builder.build());
			DataSource dataSource = running.dataSource();
			return new Running(dataSource, context,
					() -> Retry.decorateSupplier(retry, () -> borrowUnchecked(dataSource)).get());
		}
	},

	/**
	 * connmgmt's pool with Spring Boot's Micrometer metrics tracker, nothing else.
	 */
	CONNMGMT_METRICS_ONLY {
		@Override
		Running start() throws Exception {
			return connmgmtWith(Layers.METRICS);
		}
	},

	/**
	 * connmgmt's pool with acquisition tracing in an application that traces (no trace
	 * active while measuring), nothing else.
	 */
	CONNMGMT_TRACING_ONLY {
		@Override
		Running start() throws Exception {
			return connmgmtWith(Layers.TRACING);
		}
	};

	static final int POOL_SIZE = 4;

	static final String POOL_NAME = "bench";

	abstract Running start() throws Exception;

	/**
	 * Start connmgmt's default stack in an application.
	 * @return the running application
	 */
	static ConfigurableApplicationContext connmgmt() {
		return connmgmt(List.of(Layers.values()));
	}

	/**
	 * Start a connmgmt pool with some layers of its default stack, switched off the way an
	 * application switches them off: the breaker by its pool's property, metrics and
	 * tracing by leaving out Spring Boot's auto-configuration of them (an application
	 * without them); then check that exactly those layers are on.
	 */
	private static Running connmgmtWith(Layers... on) throws SQLException {
		return fromContext(connmgmt(List.of(on)), on);
	}

	private static ConfigurableApplicationContext connmgmt(List<Layers> on) {
		List<String> properties = new ArrayList<>(List.of("connmgmt.pools." + POOL_NAME + ".url=" + StubDriver.URL,
				"connmgmt.pools." + POOL_NAME + ".driver-class-name=" + StubDriver.class.getName(),
				"connmgmt.pools." + POOL_NAME + ".maximum-pool-size=" + POOL_SIZE));
		if (!on.contains(Layers.BREAKER)) {
			properties.add("connmgmt.pools." + POOL_NAME + ".resilience.enabled=false");
		}
		List<String> excluded = new ArrayList<>();
		if (!on.contains(Layers.METRICS)) {
			excluded.add(SpringBootLine.POOL_METRICS);
		}
		if (!on.contains(Layers.TRACING)) {
			excluded.add(SpringBootLine.TRACING);
		}
		if (!excluded.isEmpty()) {
			properties.add("spring.autoconfigure.exclude=" + String.join(",", excluded));
		}
		return BenchmarkApplication.start(properties.toArray(String[]::new));
	}

	/**
	 * Start measuring a stack from its application context, once it is checked to have
	 * exactly the expected layers: a stack that silently lost or gained a layer would be
	 * priced wrongly.
	 */
	static Running fromContext(ConfigurableApplicationContext context, Layers... expected) throws SQLException {
		try {
			Layers.check(context, List.of(expected));
			DataSource dataSource = context.getBean(DataSource.class);
			borrow(dataSource);
			return Running.borrowing(dataSource, context::close);
		}
		catch (SQLException | RuntimeException ex) {
			context.close();
			throw ex;
		}
	}

	static boolean borrow(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return connection.isReadOnly();
		}
	}

	private static boolean borrowUnchecked(DataSource dataSource) {
		try {
			return borrow(dataSource);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What a stack does per operation.
	 */
	@FunctionalInterface
	public interface Borrow {

		/**
		 * Borrow a connection, use it trivially and return it.
		 * @return a value of the connection, to be consumed
		 * @throws Exception when the stack fails
		 */
		boolean borrowAndReturn() throws Exception;

	}

	/**
	 * A started stack and how to stop it.
	 *
	 * @param dataSource where connections are borrowed
	 * @param stop stops the stack
	 * @param borrow one measured operation
	 */
	public record Running(DataSource dataSource, AutoCloseable stop, Borrow borrow) {

		static Running borrowing(DataSource dataSource, AutoCloseable stop) {
			return new Running(dataSource, stop, () -> PoolStack.borrow(dataSource));
		}

	}

	/**
	 * The layers of connmgmt's default stack, as seen in a started application.
	 */
	enum Layers {

		BREAKER, METRICS, TRACING;

		static void check(ConfigurableApplicationContext context, List<Layers> expected) throws SQLException {
			DataSource dataSource = context.getBean(DataSource.class);
			boolean managed = dataSource.isWrapperFor(ManagedDataSource.class);
			boolean breaker = managed && dataSource.unwrap(ManagedDataSource.class).getGuard() != null;
			boolean metrics = dataSource.unwrap(HikariDataSource.class).getMetricsTrackerFactory() != null;
			Tracer tracer = context.getBeanProvider(Tracer.class).getIfAvailable();
			boolean tracing = managed && tracer != null && tracer != Tracer.NOOP;
			expect(BREAKER, breaker, expected);
			expect(METRICS, metrics, expected);
			expect(TRACING, tracing, expected);
		}

		private static void expect(Layers layer, boolean present, List<Layers> expected) {
			if (present != expected.contains(layer)) {
				throw new IllegalStateException("Stack expected " + (present ? "without " : "with ") + layer
						+ " but the application has it " + (present ? "on" : "off"));
			}
		}

	}

}
