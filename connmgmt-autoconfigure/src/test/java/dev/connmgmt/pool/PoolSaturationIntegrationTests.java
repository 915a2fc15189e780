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
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
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
				Health health = (Health) context.getBean(HealthEndpoint.class).healthForPath("connections", "busy");
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("saturated", true)
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
	@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
			ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
			ConnmgmtTracingAutoConfiguration.class, DataSourceAutoConfiguration.class,
			CircuitBreakerAutoConfiguration.class, ConnectionsHealthAutoConfiguration.class,
			HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
			EndpointAutoConfiguration.class, MetricsAutoConfiguration.class,
			CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class })
	static class SaturationTestApplication {

	}

}
