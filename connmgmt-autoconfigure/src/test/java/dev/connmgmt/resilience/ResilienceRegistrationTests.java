package dev.connmgmt.resilience;

import java.sql.SQLException;
import java.time.Duration;

import dev.connmgmt.autoconfigure.ConnmgmtAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtMetricsAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtResilienceAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtTracingAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtVaultAutoConfiguration;
import dev.connmgmt.internal.resilience.CircuitBreakerAcquisitionGuard;
import dev.connmgmt.internal.resilience.ConnectionResilienceDefaults;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.PoolDrainingException;
import dev.connmgmt.pool.PoolUnavailableException;
import dev.connmgmt.testing.AutoConfigurationsOf;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import dev.connmgmt.testing.ImportResilience4jAutoConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each pool's breaker and retry live in Resilience4j's own registries, where
 * {@code /actuator/circuitbreakers}, {@code /actuator/retries} and Resilience4j's metrics
 * find them. No database needed: nothing here opens a connection.
 */
class ResilienceRegistrationTests {

	private static final ApplicationContextRunner WITHOUT_RESILIENCE4J_AUTO_CONFIGURATION = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConnmgmtAutoConfiguration.class,
				ConnmgmtResilienceAutoConfiguration.class, ConnmgmtVaultAutoConfiguration.class,
				ConnmgmtMetricsAutoConfiguration.class, ConnmgmtTracingAutoConfiguration.class))
		.withConfiguration(AutoConfigurationsOf.of(ImportJdbcAutoConfiguration.class))
		.withPropertyValues("connmgmt.pools.orders.url=jdbc:h2:mem:orders", "connmgmt.pools.orders.lazy=true");

	private final ApplicationContextRunner runner = WITHOUT_RESILIENCE4J_AUTO_CONFIGURATION
		.withConfiguration(AutoConfigurationsOf.of(ImportResilience4jAutoConfiguration.class));

	@Test
	void poolsGetABreakerAndARetryNamedAfterThemWithConnectionDefaults() {
		this.runner.run((context) -> {
			CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).find("orders").orElseThrow();
			CircuitBreakerConfig config = breaker.getCircuitBreakerConfig();
			assertThat(config.getSlidingWindowSize()).isEqualTo(ConnectionResilienceDefaults.SLIDING_WINDOW_SIZE);
			assertThat(config.getMinimumNumberOfCalls()).isEqualTo(ConnectionResilienceDefaults.MINIMUM_NUMBER_OF_CALLS);
			assertThat(config.getFailureRateThreshold()).isEqualTo(ConnectionResilienceDefaults.FAILURE_RATE_THRESHOLD);
			assertThat(config.getWaitIntervalFunctionInOpenState().apply(1))
				.isEqualTo(ConnectionResilienceDefaults.WAIT_DURATION_IN_OPEN_STATE.toMillis());
			assertThat(config.getRecordExceptionPredicate().test(new SQLException("refused", "08001"))).isTrue();
			assertThat(config.getRecordExceptionPredicate().test(new SQLException("dup", "23505"))).isFalse();
			assertThat(config.getIgnoreExceptionPredicate().test(new SQLException("auth", "28P01"))).isTrue();
			Retry retry = context.getBean(RetryRegistry.class).find("orders").orElseThrow();
			assertThat(retry.getRetryConfig().getMaxAttempts()).isEqualTo(ConnectionResilienceDefaults.MAX_ATTEMPTS);
			assertThat(retry.getRetryConfig().getExceptionPredicate().test(new SQLException("deadlock", "40P01")))
				.isTrue();
			assertThat(retry.getRetryConfig().getExceptionPredicate().test(new SQLException("dup", "23505")))
				.isFalse();
			assertThat(retry.getRetryConfig()
				.getExceptionPredicate()
				.test(new PoolUnavailableException("orders", "orders", "OPEN", "test"))).isFalse();
			assertThat(context.getBean(ManagedDataSource.class).getGuard())
				.isInstanceOf(CircuitBreakerAcquisitionGuard.class);
		});
	}

	@Test
	void settingsConfiguredUnderResilience4jWinAndTheRestAreConnectionDefaults() {
		this.runner
			.withPropertyValues("resilience4j.circuitbreaker.instances.orders.failure-rate-threshold=80",
					"resilience4j.retry.instances.orders.max-attempts=5")
			.run((context) -> {
				CircuitBreakerConfig config = context.getBean(CircuitBreakerRegistry.class)
					.circuitBreaker("orders")
					.getCircuitBreakerConfig();
				assertThat(config.getFailureRateThreshold()).isEqualTo(80f);
				assertThat(config.getSlidingWindowSize()).isEqualTo(ConnectionResilienceDefaults.SLIDING_WINDOW_SIZE);
				assertThat(config.getRecordExceptionPredicate().test(new SQLException("dup", "23505"))).isFalse();
				assertThat(context.getBean(RetryRegistry.class).retry("orders").getRetryConfig().getMaxAttempts())
					.isEqualTo(5);
			});
	}

	@Test
	void slowCallThresholdConfiguredUnderResilience4jReachesThePoolsGuard() {
		this.runner.withPropertyValues("resilience4j.circuitbreaker.instances.orders.slow-call-duration-threshold=200ms")
			.run((context) -> assertThat(context.getBean(ManagedDataSource.class).getGuard().slowAcquisitionNanos())
				.isEqualTo(Duration.ofMillis(200).toNanos()));
	}

	@Test
	void drainingPoolIsNotRetried() {
		this.runner.run((context) -> {
			Retry retry = context.getBean(RetryRegistry.class).find("orders").orElseThrow();
			assertThat(retry.getRetryConfig()
				.getExceptionPredicate()
				.test(new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
						new PoolDrainingException("orders")))).isFalse();
		});
	}

	@Test
	void breakerAndRetryCanBeNamed() {
		this.runner
			.withPropertyValues("connmgmt.pools.orders.resilience.circuit-breaker=database",
					"connmgmt.pools.orders.resilience.retry=database-work")
			.run((context) -> {
				assertThat(context.getBean(CircuitBreakerRegistry.class).find("database")).isPresent();
				assertThat(context.getBean(CircuitBreakerRegistry.class).find("orders")).isEmpty();
				assertThat(context.getBean(RetryRegistry.class).find("database-work")).isPresent();
			});
	}

	@Test
	void openBreakerRejectsAtOnceWithATypedError() {
		this.runner.run((context) -> {
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			context.getBean(CircuitBreakerRegistry.class).circuitBreaker("orders").transitionToOpenState();
			long started = System.nanoTime();
			assertThatExceptionOfType(PoolUnavailableException.class).isThrownBy(pool::getConnection)
				.satisfies((ex) -> {
					assertThat(ex.getPoolName()).isEqualTo("orders");
					assertThat(ex.getBreakerState()).isEqualTo("OPEN");
					assertThat(ex.getMessage()).startsWith("Pool 'orders' is unavailable: circuit breaker 'orders' is OPEN");
				});
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
			assertThat(pool.isRunning()).isFalse();
		});
	}

	@Test
	void resilienceCanBeSwitchedOffPerPool() {
		this.runner.withPropertyValues("connmgmt.pools.orders.resilience.enabled=false").run((context) -> {
			assertThat(context.getBean(ManagedDataSource.class).getGuard()).isNull();
			assertThat(context.getBean(CircuitBreakerRegistry.class).find("orders")).isEmpty();
		});
	}

	@Test
	void withoutResilience4jPoolsHaveNoBreaker() {
		// an application without Resilience4j has no Resilience4j auto-configuration to list either
		WITHOUT_RESILIENCE4J_AUTO_CONFIGURATION.withClassLoader(new FilteredClassLoader("io.github.resilience4j"))
			.run((context) -> assertThat(context.getBean(ManagedDataSource.class).getGuard()).isNull());
	}

	@Test
	void springDataSourcePoolGetsABreakerNamedDefault() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ConnmgmtAutoConfiguration.class,
					ConnmgmtResilienceAutoConfiguration.class, ConnmgmtVaultAutoConfiguration.class,
					ConnmgmtMetricsAutoConfiguration.class, ConnmgmtTracingAutoConfiguration.class))
			.withConfiguration(
					AutoConfigurationsOf.of(ImportJdbcAutoConfiguration.class, ImportResilience4jAutoConfiguration.class))
			.run((context) -> {
				assertThat(context.getBean(CircuitBreakerRegistry.class).find("default")).isPresent();
				assertThat(context.getBean(ManagedDataSource.class).getGuard()).isNotNull();
			});
	}

}
