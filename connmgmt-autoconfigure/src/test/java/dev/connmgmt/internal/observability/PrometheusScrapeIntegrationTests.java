package dev.connmgmt.internal.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import dev.connmgmt.testing.ImportPrometheusAutoConfiguration;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Prometheus scrapes from an application with a shard group next to a plain pool and
 * a lazy one: Micrometer's Prometheus registry keeps only the meters of a name whose tag
 * keys match the first one registered, so every meter of every pool must carry the same
 * keys, {@code shard} included, or some pools' metrics are silently lost.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PrometheusScrapeIntegrationTests {

	private static final Map<String, String> SHARDS = Map.of("users-0", "users", "users-1", "users", "orders", "none",
			"reports", "none");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

	/**
	 * {@code connmgmt.pool.connections.opened} as Prometheus names it; under its former name,
	 * {@code connections.created}, the client dropped the {@code _created} suffix, which
	 * OpenMetrics reserves, and the counter came out as {@code connmgmt_pool_connections_total}.
	 */
	private static final String OPENED = "connmgmt_pool_connections_opened_total";

	private static final String[] METRICS = { "hikaricp_connections_active", "hikaricp_connections_max",
			"hikaricp_connections_acquire_seconds_count", OPENED, "connmgmt_pool_connections_closed_total",
			"connmgmt_pool_saturation_total" };

	@Test
	void everyMeterOfEveryPoolIsScrapedWithItsShard(EmbeddedPostgresServer server) {
		try (ConfigurableApplicationContext context = start(server)) {
			PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
			String beforeLazyStart = registry.scrape();
			assertThat(shardsByPool(beforeLazyStart, OPENED))
				.containsExactlyInAnyOrderEntriesOf(SHARDS);
			assertThat(shardsByPool(beforeLazyStart, "hikaricp_connections_active")).doesNotContainKey("reports");
			for (String pool : SHARDS.keySet()) {
				new JdbcTemplate(context.getBean(pool + "DataSource", DataSource.class)).queryForObject("SELECT 1",
						Integer.class);
			}
			String scrape = registry.scrape();
			SoftAssertions.assertSoftly((softly) -> {
				for (String metric : METRICS) {
					softly.assertThat(shardsByPool(scrape, metric)).as(metric).containsExactlyInAnyOrderEntriesOf(SHARDS);
				}
			});
		}
	}

	private static ConfigurableApplicationContext start(EmbeddedPostgresServer server) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(PrometheusTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("connmgmt.shards.users.pools=users-0,users-1", "connmgmt.pool-defaults.minimum-idle=1",
					"connmgmt.pool-defaults.maximum-pool-size=2", "connmgmt.pools.orders.primary=true",
					"connmgmt.pools.reports.lazy=true");
		for (String pool : SHARDS.keySet()) {
			TestDatabase database = server.createDatabaseWithOwner(pool.replace("-", ""));
			builder.properties(database.connmgmtPool(pool));
		}
		return builder.run();
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
			Map<String, String> labels = new LinkedHashMap<>();
			Matcher label = LABEL.matcher(sample.group(1));
			while (label.find()) {
				labels.put(label.group(1), label.group(2));
			}
			shards.put(labels.get("pool"), labels.getOrDefault("shard", "<absent>"));
		}
		return shards;
	}

	@SpringBootConfiguration
	@ImportJdbcAutoConfiguration
	@ImportPrometheusAutoConfiguration
	@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
			ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
			ConnmgmtTracingAutoConfiguration.class })
	static class PrometheusTestApplication {

	}

}
