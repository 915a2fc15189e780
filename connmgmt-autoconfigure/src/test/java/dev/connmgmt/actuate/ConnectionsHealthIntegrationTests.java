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
import dev.connmgmt.testing.BootHealth;
import dev.connmgmt.testing.HealthView;
import dev.connmgmt.testing.ImportHealthAutoConfiguration;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import dev.connmgmt.testing.ImportProbesAutoConfiguration;
import dev.connmgmt.testing.ImportResilience4jAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
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
				HealthView health = BootHealth.of(context, "connections", "required");
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
				assertThat(health.status()).isEqualTo("UP");
				assertThat(health.details()).containsEntry("active", 2).containsEntry("pending", 1);
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
			HealthView health = BootHealth.of(context, "connections", "optional");
			assertThat(health.status()).isEqualTo("UP");
			assertThat(health.details()).containsEntry("state", "not started");
		}
	}

	@Test
	void outageTakesReadinessDownButNotLivenessAndAnOptionalPoolOnlyDegrades() {
		try (ConfigurableApplicationContext context = start("connmgmt.pools.optional.optional=true",
				"management.endpoint.health.probes.enabled=true")) {
			assertThat(BootHealth.of(context, "readiness").status()).isEqualTo("UP");
			assertThat(BootHealth.of(context, "readiness").components())
				.contains("readinessState", "connections");
			server.stop();
			try {
				await().atMost(PROBE_INTERVAL.plusSeconds(5)).untilAsserted(() -> {
					assertThat(BootHealth.of(context, "readiness").status()).isEqualTo("DOWN");
					assertThat(BootHealth.of(context, "liveness").status()).isEqualTo("UP");
					HealthView requiredHealth = BootHealth.of(context, "connections", "required");
					assertThat(requiredHealth.status()).isEqualTo("DOWN");
					assertThat(requiredHealth.details()).containsKey("outage");
					HealthView optionalHealth = BootHealth.of(context, "connections", "optional");
					assertThat(optionalHealth.status()).isEqualTo("UP");
					assertThat(optionalHealth.details()).containsEntry("degraded", true).containsKey("outage");
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
			toOptional.blackhole();
			for (int call = 0; call < 8; call++) {
				long started = System.nanoTime();
				HealthView requiredHealth = BootHealth.of(context, "connections", "required");
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
				assertThat(requiredHealth.status()).as("call %d: %s", call, requiredHealth).isEqualTo("UP");
				assertThat(requiredHealth.details()).doesNotContainKey("outage");
				HealthView optionalHealth = BootHealth.of(context, "connections", "optional");
				assertThat(optionalHealth.status()).isEqualTo("UP");
				assertThat(optionalHealth.details()).containsEntry("degraded", true).containsKey("outage");
				assertThat(BootHealth.of(context, "readiness").status()).as("call %d", call).isEqualTo("UP");
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
			int before = toRequired.acceptedConnections();
			long started = System.nanoTime();
			for (int call = 0; call < 20; call++) {
				assertThat(BootHealth.of(context, "connections", "required").status()).isEqualTo("UP");
			}
			long intervals = 1 + (System.nanoTime() - started) / PROBE_INTERVAL.toNanos();
			assertThat(toRequired.acceptedConnections() - before).isLessThanOrEqualTo((int) intervals);
			assertThat(pool.getHikariDataSource().getHikariPoolMXBean().getTotalConnections()).isEqualTo(2);
		}
	}

	@Test
	void readinessProbeWorksWithTheConnectionsIndicatorSwitchedOff() {
		try (ConfigurableApplicationContext context = start("management.health.connections.enabled=false",
				"management.endpoint.health.probes.enabled=true")) {
			assertThat(BootHealth.of(context, "readiness").status()).isEqualTo("UP");
			assertThat(BootHealth.of(context, "readiness").components()).doesNotContain("connections");
		}
	}

	@Test
	void springBootsDbIndicatorStepsAsideForConfiguredPools() {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(BootHealth.of(context).components()).contains("connections").doesNotContain("db");
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
	@ImportJdbcAutoConfiguration
	@ImportResilience4jAutoConfiguration
	@ImportProbesAutoConfiguration
	@ImportHealthAutoConfiguration
	@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
			ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
			ConnmgmtTracingAutoConfiguration.class, ConnectionsHealthAutoConfiguration.class })
	static class HealthTestApplication {

	}

}
