package dev.connmgmt.internal.observability;

import javax.sql.DataSource;

import dev.connmgmt.autoconfigure.ConnmgmtAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtMetricsAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtResilienceAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtTracingAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtVaultAutoConfiguration;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import dev.connmgmt.testing.ImportMetricsAutoConfiguration;
import dev.connmgmt.testing.ImportResilience4jAutoConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Connections opened and refused are counted per pool, and lifecycle events are logged with
 * their key/values, never with a secret.
 */
@ExtendWith({ EmbeddedPostgresExtension.class, OutputCaptureExtension.class })
class LifecycleEventsIntegrationTests {

	@Test
	void connectionsAreCountedAndEventsLoggedWithoutSecrets(EmbeddedPostgresServer server, CapturedOutput output)
			throws Exception {
		TestDatabase events = server.createDatabaseWithOwner("events");
		TestDatabase locked = server.createDatabaseWithOwner("locked");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EventsTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("logging.level.dev.connmgmt.events=debug", "connmgmt.pools.events.url=" + events.jdbcUrl(),
					"connmgmt.pools.events.username=" + events.owner().name(),
					"connmgmt.pools.events.password=" + events.owner().password(),
					"connmgmt.pools.events.minimum-idle=2", "connmgmt.pools.events.primary=true",
					"connmgmt.pools.locked.url=" + locked.jdbcUrl(),
					"connmgmt.pools.locked.username=" + locked.owner().name(),
					"connmgmt.pools.locked.password=not-" + locked.owner().password(), "connmgmt.pools.locked.lazy=true")
			.run()) {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			org.awaitility.Awaitility.await()
				.until(() -> meters.get("connmgmt.pool.connections.opened").tag("pool", "events").functionCounter().count() >= 2);
			assertThatException().isThrownBy(() -> context.getBean("lockedDataSource", DataSource.class).getConnection());
			assertThat(meters.get("connmgmt.pool.connections.failed")
				.tags("pool", "locked", "sqlstate.class", "28", "category", "authentication")
				.counter()
				.count()).isEqualTo(1);
			context.getBean(CircuitBreakerRegistry.class).circuitBreaker("events").transitionToForcedOpenState();
		}
		assertThat(output).contains("connmgmt pool.started pool=events")
			.contains("connmgmt connection.created pool=events generation=1")
			.contains("connmgmt connection.failed pool=locked generation=1 sqlstate=28P01 category=AUTHENTICATION")
			.contains("connmgmt circuitbreaker.transition pool=events breaker=events from=CLOSED to=FORCED_OPEN")
			.contains("connmgmt pool.drained pool=events stillInUse=0")
			.doesNotContain(events.owner().password())
			.doesNotContain(locked.owner().password());
	}

	@SpringBootConfiguration
	@ImportJdbcAutoConfiguration
	@ImportResilience4jAutoConfiguration
	@ImportMetricsAutoConfiguration
	@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
			ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
			ConnmgmtTracingAutoConfiguration.class })
	static class EventsTestApplication {

	}

}
