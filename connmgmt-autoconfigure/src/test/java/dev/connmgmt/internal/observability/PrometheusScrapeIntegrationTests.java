package dev.connmgmt.internal.observability;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.connmgmt.autoconfigure.ConnmgmtAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtMetricsAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtResilienceAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtTracingAutoConfiguration;
import dev.connmgmt.autoconfigure.ConnmgmtVaultAutoConfiguration;
import dev.connmgmt.credentials.CredentialSource;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.test.vault.VaultAdmin;
import dev.connmgmt.test.vault.VaultDevServer;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import dev.connmgmt.testing.ImportPrometheusAutoConfiguration;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.vault.config.VaultAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Prometheus scrapes from an application with every kind of pool at once: a shard
 * group, a plain pool that sizes itself, a lazy one and one whose credentials come from
 * Vault. Micrometer's Prometheus registry keeps only the meters of a name whose tag keys
 * match the first one registered, and says nothing of the others, so the scrape itself is
 * checked: every meter of every pool, HikariCP's, connmgmt's and the semantic conventions',
 * must be in it, each pool's with the same keys, {@code shard} included.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PrometheusScrapeIntegrationTests {

	private static final Map<String, String> SHARDS = Map.of("users-0", "users", "users-1", "users", "orders", "none",
			"reports", "none", "vaulted", "none");

	/**
	 * {@code connmgmt.pool.connections.opened} as Prometheus names it; under its former name,
	 * {@code connections.created}, the client dropped the {@code _created} suffix, which
	 * OpenMetrics reserves, and the counter came out as {@code connmgmt_pool_connections_total}.
	 */
	private static final String OPENED = "connmgmt_pool_connections_opened_total";

	private static final String[] METRICS = { "hikaricp_connections_active", "hikaricp_connections_max",
			"hikaricp_connections_acquire_seconds_count", OPENED, "connmgmt_pool_connections_closed_total",
			"connmgmt_pool_saturation_total" };

	/**
	 * The meters every running pool has, whatever happened to it.
	 */
	private static final Set<String> POOL_METERS = Set.of("hikaricp.connections", "hikaricp.connections.active",
			"hikaricp.connections.idle", "hikaricp.connections.pending", "hikaricp.connections.max",
			"hikaricp.connections.min", "hikaricp.connections.acquire", "hikaricp.connections.usage",
			"hikaricp.connections.creation", "hikaricp.connections.timeout", "connmgmt.pool.connections.opened",
			"connmgmt.pool.connections.closed", "connmgmt.pool.saturation", "db.client.connection.count",
			"db.client.connection.idle.max", "db.client.connection.idle.min", "db.client.connection.max",
			"db.client.connection.pending_requests", "db.client.connection.timeouts",
			"db.client.connection.create_time", "db.client.connection.wait_time", "db.client.connection.use_time");

	private static final Set<String> VAULT_METERS = Set.of("connmgmt.pool.credentials.lease.remaining",
			"connmgmt.pool.credentials.rotations", "connmgmt.pool.connections.retired");

	private static final Set<String> AUTOSCALE_METERS = Set.of("connmgmt.pool.autoscale.decisions",
			"connmgmt.pool.autoscale.maximum");

	private static final List<String> POOL_METER_PREFIXES = List.of("hikaricp.", "connmgmt.pool.",
			"db.client.connection.");

	@Test
	void everyMeterOfEveryKindOfPoolIsScraped(EmbeddedPostgresServer server) {
		VaultAdmin realVault = VaultAdmin.fromEnvironment();
		try (VaultDevServer devVault = (realVault == null) ? VaultDevServer.start() : null;
				ConfigurableApplicationContext context = start(server,
						(realVault != null) ? realVault : VaultAdmin.of(devVault))) {
			PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
			String beforeLazyStart = registry.scrape();
			assertThat(shardsByPool(beforeLazyStart, OPENED)).containsExactlyInAnyOrderEntriesOf(SHARDS);
			assertThat(shardsByPool(beforeLazyStart, "hikaricp_connections_active")).doesNotContainKey("reports");
			for (String pool : SHARDS.keySet()) {
				new JdbcTemplate(context.getBean(pool + "DataSource", DataSource.class)).queryForObject("SELECT 1",
						Integer.class);
			}
			rotateCredentials(context.getBean("vaultedDataSource", ManagedDataSource.class));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(namesOf(poolMeters(registry), "vaulted")).containsAll(VAULT_METERS);
				assertThat(registry.find("connmgmt.pool.credentials.rotations")
					.tags("pool", "vaulted", "outcome", "success")
					.counter()).isNotNull();
			});
			List<Meter> meters = poolMeters(registry);
			String scrape = registry.scrape();
			SoftAssertions.assertSoftly((softly) -> {
				for (String metric : METRICS) {
					softly.assertThat(shardsByPool(scrape, metric)).as(metric).containsExactlyInAnyOrderEntriesOf(SHARDS);
				}
				for (String pool : SHARDS.keySet()) {
					softly.assertThat(namesOf(meters, pool)).as(pool).containsAll(POOL_METERS);
				}
				softly.assertThat(namesOf(meters, "vaulted")).containsAll(VAULT_METERS);
				softly.assertThat(namesOf(meters, "orders")).containsAll(AUTOSCALE_METERS);
				for (Meter meter : meters) {
					softly.assertThat(isScraped(scrape, meter, registry.config().namingConvention()))
						.as("%s is scraped", meter.getId())
						.isTrue();
				}
			});
		}
	}

	/**
	 * Rotate the pool's credentials, which retires its connections: the rotation's and the
	 * retirement's counters are registered as they happen.
	 */
	private static void rotateCredentials(ManagedDataSource pool) {
		CredentialSource credentials = pool.getCredentialSource();
		long generation = credentials.current().generation();
		assertThat(credentials.refresh()).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> credentials.current().generation() > generation);
		new JdbcTemplate(pool).queryForObject("SELECT 1", Integer.class);
	}

	private static ConfigurableApplicationContext start(EmbeddedPostgresServer server, VaultAdmin vault) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(PrometheusTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("connmgmt.shards.users.pools=users-0,users-1", "connmgmt.pool-defaults.minimum-idle=1",
					"connmgmt.pool-defaults.maximum-pool-size=2", "connmgmt.pools.orders.primary=true",
					"connmgmt.pools.orders.autoscale.enabled=true", "connmgmt.pools.orders.autoscale.max=4",
					"connmgmt.pools.reports.lazy=true");
		for (String pool : List.of("users-0", "users-1", "orders", "reports")) {
			TestDatabase database = server.createDatabaseWithOwner(pool.replace("-", ""));
			builder.properties(database.connmgmtPool(pool));
		}
		TestDatabase vaulted = server.createDatabaseWithOwner("vaulted");
		vault.enableDatabaseEngine("database");
		vault.connectPostgres("database", vaulted.name(), server, vaulted.name());
		vault.dynamicRole("database", "vaulted-app", vaulted.name(), Duration.ofHours(1), Duration.ofHours(1),
				"GRANT CONNECT ON DATABASE " + vaulted.name() + " TO \"{{name}}\"");
		return builder.properties("spring.cloud.vault.uri=" + vault.address(), "spring.cloud.vault.token=" + vault.token(),
				"connmgmt.pools.vaulted.url=" + vaulted.jdbcUrl(), "connmgmt.pools.vaulted.credentials.source=vault",
				"connmgmt.pools.vaulted.credentials.vault.role=vaulted-app")
			.run();
	}

	private static List<Meter> poolMeters(PrometheusMeterRegistry registry) {
		return registry.getMeters()
			.stream()
			.filter((meter) -> POOL_METER_PREFIXES.stream().anyMatch(meter.getId().getName()::startsWith))
			.collect(Collectors.toList());
	}

	private static Set<String> namesOf(List<Meter> meters, String pool) {
		return meters.stream()
			.filter((meter) -> pool.equals(poolOf(meter.getId())))
			.map((meter) -> meter.getId().getName())
			.collect(Collectors.toSet());
	}

	private static String poolOf(Meter.Id id) {
		String pool = id.getTag("pool");
		return (pool != null) ? pool : id.getTag("db.client.connection.pool.name");
	}

	/**
	 * Return whether the scrape has a sample of the meter: one of the names Prometheus gives
	 * it, with every one of its tags as a label.
	 */
	private static boolean isScraped(String scrape, Meter meter, NamingConvention convention) {
		Meter.Id id = meter.getId();
		String name = convention.name(id.getName(), id.getType(), id.getBaseUnit());
		Map<String, String> tags = new LinkedHashMap<>();
		id.getTags().forEach((tag) -> tags.put(convention.tagKey(tag.getKey()), tag.getValue()));
		Matcher sample = Pattern
			.compile("^" + Pattern.quote(name) + "(?:_total|_count|_sum|_max|_bucket)?\\{([^}]*)\\} ", Pattern.MULTILINE)
			.matcher(scrape);
		while (sample.find()) {
			if (PrometheusLabels.parse(sample.group(1)).entrySet().containsAll(tags.entrySet())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the value of the {@code shard} label ({@code <absent>} without one) of each
	 * pool's sample of the metric in a scrape.
	 */
	private static Map<String, String> shardsByPool(String scrape, String metric) {
		Map<String, String> shards = new LinkedHashMap<>();
		Matcher sample = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)\\} ", Pattern.MULTILINE)
			.matcher(scrape);
		while (sample.find()) {
			Map<String, String> labels = PrometheusLabels.parse(sample.group(1));
			shards.put(labels.get("pool"), labels.getOrDefault("shard", "<absent>"));
		}
		return shards;
	}


	@SpringBootConfiguration
	@ImportJdbcAutoConfiguration
	@ImportPrometheusAutoConfiguration
	@ImportAutoConfiguration({ VaultAutoConfiguration.class, ConnmgmtAutoConfiguration.class,
			ConnmgmtResilienceAutoConfiguration.class, ConnmgmtVaultAutoConfiguration.class,
			ConnmgmtMetricsAutoConfiguration.class, ConnmgmtTracingAutoConfiguration.class })
	static class PrometheusTestApplication {

	}

}
