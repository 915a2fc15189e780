package dev.connmgmt.actuate;

import java.time.Duration;

import javax.sql.DataSource;

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
import dev.connmgmt.testing.ImportHealthAutoConfiguration;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import dev.connmgmt.testing.ImportMetricsAutoConfiguration;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HikariCP's metrics for every pool, a lazily started one included, and health and
 * metrics for every shard of a shard group. Every pool's meters carry {@code shard}: its
 * group, or {@code none} outside a shard group.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PoolMetricsIntegrationTests {

	@Test
	void lazyPoolGetsItsMetricsOnceItExists(EmbeddedPostgresServer server) {
		TestDatabase database = server.createDatabaseWithOwner("lazymetrics");
		try (ConfigurableApplicationContext context = start(database.connmgmtPool("reports"), "connmgmt.pools.reports.lazy=true")) {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find("hikaricp.connections").tag("pool", "reports").gauge()).isNull();
			new JdbcTemplate(context.getBean(DataSource.class)).queryForObject("SELECT 1", Integer.class);
			assertThat(meters.get("hikaricp.connections").tags("pool", "reports", "shard", "none").gauge().value())
				.isPositive();
			assertThat(meters.get("hikaricp.connections.acquire").tags("pool", "reports", "shard", "none").timer().count())
				.isPositive();
		}
	}

	@Test
	void connectionsHikariEvictsAreCountedAsClosed(EmbeddedPostgresServer server) {
		TestDatabase database = server.createDatabaseWithOwner("evicted");
		try (ConfigurableApplicationContext context = start(database.connmgmtPool("evicted"),
				new String[] { "connmgmt.pools.evicted.minimum-idle=2", "connmgmt.pools.evicted.maximum-pool-size=2" })) {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			FunctionCounter closed = meters.get("connmgmt.pool.connections.closed")
				.tags("pool", "evicted", "shard", "none")
				.functionCounter();
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			await().atMost(Duration.ofSeconds(5)).until(() -> server.backendsOf(database.owner().name()).size() == 2);
			assertThat(closed.count()).isZero();
			// the database drops both sessions behind the pool's back: HikariCP finds them dead and evicts them
			assertThat(server.terminateBackendsOf(database.owner().name())).isEqualTo(2);
			// a query on a dead session fails until HikariCP has evicted it
			await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
				assertThat(jdbc.queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
				assertThat(closed.count()).isEqualTo(2);
			});
			assertThat(meters.find("connmgmt.pool.connections.retired").tag("pool", "evicted").counter()).isNull();
		}
	}

	@Test
	void everyShardHasItsOwnHealthAndMetricsTaggedWithItsGroup(EmbeddedPostgresServer server) {
		TestDatabase zero = server.createDatabaseWithOwner("shard0");
		TestDatabase one = server.createDatabaseWithOwner("shard1");
		try (ConfigurableApplicationContext context = start(zero.connmgmtPool("users-0"), one.connmgmtPool("users-1"),
				new String[] { "connmgmt.shards.users.pools=users-0,users-1", "connmgmt.pool-defaults.minimum-idle=1" })) {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			for (String shard : new String[] { "users-0", "users-1" }) {
				assertThat(BootHealth.of(context, "connections", shard).status()).isEqualTo("UP");
				assertThat(meters.get("hikaricp.connections.max").tags("pool", shard, "shard", "users").gauge().value())
					.isEqualTo(10);
				assertThat(meters.get("connmgmt.pool.connections.opened").tags("pool", shard, "shard", "users").functionCounter()
					.count()).isPositive();
			}
		}
	}

	private static ConfigurableApplicationContext start(String[]... properties) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(MetricsTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false);
		for (String[] group : properties) {
			builder.properties(group);
		}
		return builder.run();
	}

	private static ConfigurableApplicationContext start(String[] pool, String extra) {
		return start(pool, new String[] { extra });
	}


	@SpringBootConfiguration
	@ImportJdbcAutoConfiguration
	@ImportHealthAutoConfiguration
	@ImportMetricsAutoConfiguration
	@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
			ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
			ConnmgmtTracingAutoConfiguration.class, ConnectionsHealthAutoConfiguration.class })
	static class MetricsTestApplication {

	}

}
