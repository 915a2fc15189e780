package dev.connmgmt.actuate;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.connmgmt.autoconfigure.ConnectionsHealthAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtMetricsAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtResilienceAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtTracingAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtVaultAutoConfiguration;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.fault.TcpProxy;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.jdbc.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code connections} health against a real database: per pool, in readiness and not
 * liveness, answering in time when the pool is exhausted, degrading for an optional pool.
 */
class ConnectionsHealthIntegrationTests {

	/**
	 * How often a pool's health may log in to probe its database, as auto-configured.
	 */
	private static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);

	private static EmbeddedPostgresServer server;

	private static TestDatabase required;

	private static TestDatabase optional;

	@BeforeAll
	static void startOwnServer() {
		server = EmbeddedPostgresServer.start();
		required = server.createDatabaseWithOwner("required");
		optional = server.createDatabaseWithOwner("optional");
	}

	@AfterAll
	static void stopOwnServer() {
		server.close();
	}

	@Test
	void healthAnswersInTimeWhileEveryConnectionIsBusy() throws Exception {
		try (ConfigurableApplicationContext context = start("connmgmt.pools.required.maximum-pool-size=2",
				"connmgmt.pools.required.minimum-idle=2")) {
			DataSource pool = context.getBean("requiredDataSource", DataSource.class);
			List<Connection> busy = new ArrayList<>();
			Thread waiter = new Thread(() -> {
				try (Connection connection = pool.getConnection()) {
					connection.isValid(1);
				}
				catch (Exception ex) {
					// it times out while the pool is exhausted
				}
			});
			try {
				busy.add(pool.getConnection());
				busy.add(pool.getConnection());
				waiter.start();
				ManagedDataSource managed = (ManagedDataSource) pool;
				await().atMost(Duration.ofSeconds(1))
					.until(() -> managed.getHikariDataSource().getHikariPoolMXBean().getThreadsAwaitingConnection() == 1);
				long started = System.nanoTime();
				Health health = (Health) context.getBean(HealthEndpoint.class).healthForPath("connections", "required");
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("active", 2).containsEntry("pending", 1);
			}
			finally {
				for (Connection connection : busy) {
					connection.close();
				}
				waiter.join();
			}
		}
	}

	@Test
	void lazyPoolIsReportedNotStartedRatherThanDown() {
		try (ConfigurableApplicationContext context = start("connmgmt.pools.optional.lazy=true")) {
			Health health = (Health) context.getBean(HealthEndpoint.class).healthForPath("connections", "optional");
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("state", "not started");
		}
	}

	@Test
	void outageTakesReadinessDownButNotLivenessAndAnOptionalPoolOnlyDegrades() {
		try (ConfigurableApplicationContext context = start("connmgmt.pools.optional.optional=true",
				"management.endpoint.health.probes.enabled=true")) {
			HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
			assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
			assertThat(((CompositeHealth) endpoint.healthForPath("readiness")).getComponents())
				.containsKeys("readinessState", "connections");
			server.stop();
			try {
				await().atMost(PROBE_INTERVAL.plusSeconds(5)).untilAsserted(() -> {
					assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.DOWN);
					assertThat(endpoint.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);
					Health requiredHealth = (Health) endpoint.healthForPath("connections", "required");
					assertThat(requiredHealth.getStatus()).isEqualTo(Status.DOWN);
					assertThat(requiredHealth.getDetails()).containsKey("outage");
					Health optionalHealth = (Health) endpoint.healthForPath("connections", "optional");
					assertThat(optionalHealth.getStatus()).isEqualTo(Status.UP);
					assertThat(optionalHealth.getDetails()).containsEntry("degraded", true).containsKey("outage");
				});
			}
			finally {
				server.restart();
			}
		}
	}

	@Test
	void aPoolWhoseDatabaseHangsDoesNotTakeTheOtherPoolsHealthDown() {
		try (TcpProxy toRequired = TcpProxy.to(server.host(), server.port());
				TcpProxy toOptional = TcpProxy.to(server.host(), server.port());
				ConfigurableApplicationContext context = startWithoutLoginTimeout(toRequired, toOptional,
						"connmgmt.pools.optional.optional=true", "management.endpoint.health.probes.enabled=true")) {
			HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
			toOptional.blackhole();
			for (int call = 0; call < 8; call++) {
				long started = System.nanoTime();
				Health requiredHealth = (Health) endpoint.healthForPath("connections", "required");
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
				assertThat(requiredHealth.getStatus()).as("call %d: %s", call, requiredHealth).isEqualTo(Status.UP);
				assertThat(requiredHealth.getDetails()).doesNotContainKey("outage");
				Health optionalHealth = (Health) endpoint.healthForPath("connections", "optional");
				assertThat(optionalHealth.getStatus()).isEqualTo(Status.UP);
				assertThat(optionalHealth.getDetails()).containsEntry("degraded", true).containsKey("outage");
				assertThat(endpoint.healthForPath("readiness").getStatus()).as("call %d", call).isEqualTo(Status.UP);
			}
			toOptional.refuse();
		}
	}

	@Test
	void repeatedHealthCallsOpenAtMostOneLoginPerInterval() {
		try (TcpProxy toRequired = TcpProxy.to(server.host(), server.port());
				TcpProxy toOptional = TcpProxy.to(server.host(), server.port());
				ConfigurableApplicationContext context = startWithoutLoginTimeout(toRequired, toOptional,
						"connmgmt.pools.required.maximum-pool-size=2", "connmgmt.pools.required.minimum-idle=2")) {
			ManagedDataSource pool = context.getBean("requiredDataSource", ManagedDataSource.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> pool.getHikariDataSource().getHikariPoolMXBean().getTotalConnections() == 2);
			HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
			int before = toRequired.acceptedConnections();
			long started = System.nanoTime();
			for (int call = 0; call < 20; call++) {
				assertThat(endpoint.healthForPath("connections", "required").getStatus()).isEqualTo(Status.UP);
			}
			long intervals = 1 + (System.nanoTime() - started) / PROBE_INTERVAL.toNanos();
			assertThat(toRequired.acceptedConnections() - before).isLessThanOrEqualTo((int) intervals);
			assertThat(pool.getHikariDataSource().getHikariPoolMXBean().getTotalConnections()).isEqualTo(2);
		}
	}

	@Test
	void springBootsDbIndicatorStepsAsideForConfiguredPools() {
		try (ConfigurableApplicationContext context = start()) {
			Map<String, HealthComponent> components = ((CompositeHealth) context.getBean(HealthEndpoint.class).health())
				.getComponents();
			assertThat(components).containsKey("connections").doesNotContainKey("db");
		}
	}

	private static ConfigurableApplicationContext start(String... extra) {
		return new SpringApplicationBuilder(HealthTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(required.connmgmtPool("required"))
			.properties(optional.connmgmtPool("optional"))
			.properties("connmgmt.pools.required.primary=true", "connmgmt.pool-defaults.connection-timeout=1s",
					"connmgmt.pool-defaults.validation-timeout=500ms", "connmgmt.pool-defaults.timeouts.connect=1s",
					"management.endpoint.health.show-details=always")
			.properties(extra)
			.run();
	}

	private static ConfigurableApplicationContext startWithoutLoginTimeout(TcpProxy toRequired, TcpProxy toOptional,
			String... extra) {
		return new SpringApplicationBuilder(HealthTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(required.connmgmtPool("required", toRequired.port()))
			.properties(optional.connmgmtPool("optional", toOptional.port()))
			.properties("connmgmt.pools.required.primary=true", "management.endpoint.health.show-details=always")
			.properties(extra)
			.run();
	}


	@SpringBootConfiguration
	@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
			ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
			ConnmgmtTracingAutoConfiguration.class, DataSourceAutoConfiguration.class,
			CircuitBreakerAutoConfiguration.class, RetryAutoConfiguration.class,
			ConnectionsHealthAutoConfiguration.class, DataSourceHealthContributorAutoConfiguration.class,
			HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
			EndpointAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
			AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class })
	static class HealthTestApplication {

	}

}
