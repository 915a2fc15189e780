package dev.connmgmt.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.connmgmt.autoconfigure.ConnectionsHealthAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtMetricsAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtResilienceAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtTracingAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtVaultAutoConfiguration;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.testing.BootHealth;
import dev.connmgmt.testing.HealthView;
import dev.connmgmt.testing.ImportHealthAutoConfiguration;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import dev.connmgmt.testing.ImportMetricsAutoConfiguration;
import dev.connmgmt.testing.ImportResilience4jAutoConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool whose every connection is busy while the database answers: its acquisitions time
 * out, which is saturation, counted and reported as such, and not a failure of the
 * database for the breaker or for health.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PoolSaturationIntegrationTests {

	private static final int WAITERS = 12;

	@Test
	void timeoutsOfABusyPoolLeaveTheBreakerClosedAndHealthUp(EmbeddedPostgresServer server) throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("saturated");
		try (ConfigurableApplicationContext context = start(database)) {
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("busy");
			try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
				assertThat(timeouts(pool, WAITERS)).isEqualTo(WAITERS);
				assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
				assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
				HealthView health = BootHealth.of(context, "connections", "busy");
				assertThat(health.status()).isEqualTo("UP");
				assertThat(health.details()).containsEntry("saturated", true)
					.containsEntry("saturationTimeouts", (long) WAITERS)
					.containsKey("lastSaturation");
				assertThat(context.getBean(MeterRegistry.class)
					.get("connmgmt.pool.saturation")
					.tag("pool", "busy")
					.functionCounter()
					.count()).isEqualTo(WAITERS);
			}
		}
	}

	@Test
	void timeoutsOfABusyPoolGiveTrialPermissionsBack(EmbeddedPostgresServer server) throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("trials");
		try (ConfigurableApplicationContext context = start(database)) {
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("busy");
			int trials = breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState();
			try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
				breaker.transitionToOpenState();
				breaker.transitionToHalfOpenState();
				assertThat(timeouts(pool, trials)).isEqualTo(trials);
				assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
				assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
			}
			for (int i = 0; i < trials; i++) {
				pool.getConnection().close();
			}
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		}
	}

	private static int timeouts(ManagedDataSource pool, int callers) throws InterruptedException {
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try {
			List<Future<Connection>> borrows = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				borrows.add(executor.submit(() -> pool.getConnection()));
			}
			int timeouts = 0;
			for (Future<Connection> borrow : borrows) {
				try {
					borrow.get(30, TimeUnit.SECONDS).close();
				}
				catch (ExecutionException ex) {
					assertThat(ex.getCause()).isInstanceOf(SQLTransientConnectionException.class);
					timeouts++;
				}
				catch (java.util.concurrent.TimeoutException | SQLException ex) {
					throw new AssertionError(ex);
				}
			}
			return timeouts;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static ConfigurableApplicationContext start(TestDatabase database) {
		return new SpringApplicationBuilder(SaturationTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(database.connmgmtPool("busy"))
			.properties("connmgmt.pools.busy.maximum-pool-size=2", "connmgmt.pools.busy.minimum-idle=2",
					"connmgmt.pools.busy.connection-timeout=250ms", "connmgmt.pools.busy.validation-timeout=250ms",
					"management.endpoint.health.show-details=always")
			.run();
	}

	@SpringBootConfiguration
	@ImportJdbcAutoConfiguration
	@ImportResilience4jAutoConfiguration
	@ImportHealthAutoConfiguration
	@ImportMetricsAutoConfiguration
	@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
			ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
			ConnmgmtTracingAutoConfiguration.class, ConnectionsHealthAutoConfiguration.class })
	static class SaturationTestApplication {

	}

}
