package dev.connmgmt.internal.observability;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The semantic conventions' connection durations as Prometheus scrapes them from a pool on a
 * real database: with {@code connmgmt.metrics.semconv.histograms}, buckets at the
 * boundaries connmgmt documents, counting every measurement HikariCP takes for
 * {@code hikaricp.*}; without it, count and sum only.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class SemconvHistogramsIntegrationTests {

	private static final List<String> DURATIONS = List.of("db_client_connection_create_time_seconds",
			"db_client_connection_wait_time_seconds", "db_client_connection_use_time_seconds");

	private static final List<String> BOUNDARIES = List.of("0.001", "0.005", "0.01", "0.05", "0.1", "0.5", "1", "5",
			"10", "+Inf");

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\} (\\S+)",
			Pattern.MULTILINE);

	private static final int BORROWS = 5;

	@Test
	void histogramsHaveBucketsAtTheDocumentedBoundariesThatCountEveryBorrow(EmbeddedPostgresServer server)
			throws SQLException {
		try (ConfigurableApplicationContext context = application(server.createDatabaseWithOwner("histograms"))
			.properties("connmgmt.metrics.semconv.histograms=true")
			.run()) {
			PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
			DataSource dataSource = context.getBean(DataSource.class);
			new JdbcTemplate(dataSource).queryForObject("SELECT 1", Integer.class);
			for (String duration : DURATIONS) {
				assertThat(buckets(registry.scrape(), duration)).as(duration).containsOnlyKeys(BOUNDARIES);
			}
			double waits = bucket(registry.scrape(), "db_client_connection_wait_time_seconds", "+Inf");
			double uses = bucket(registry.scrape(), "db_client_connection_use_time_seconds", "+Inf");
			for (int borrow = 0; borrow < BORROWS; borrow++) {
				borrow(dataSource).close();
			}
			try (Connection first = borrow(dataSource); Connection second = borrow(dataSource)) {
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> dataSource.getConnection().close());
			}
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				String scrape = registry.scrape();
				assertThat(bucket(scrape, "db_client_connection_wait_time_seconds", "+Inf"))
					.isGreaterThanOrEqualTo(waits + BORROWS + 3)
					.isEqualTo(sample(scrape, "db_client_connection_wait_time_seconds_count"))
					.isEqualTo(hikari(scrape, "hikaricp_connections_acquire_seconds_count"));
				assertThat(bucket(scrape, "db_client_connection_wait_time_seconds", "0.1"))
					.as("the timed out wait of 250ms or more is above 0.1s")
					.isLessThanOrEqualTo(bucket(scrape, "db_client_connection_wait_time_seconds", "+Inf") - 1);
				assertThat(bucket(scrape, "db_client_connection_use_time_seconds", "+Inf"))
					.isGreaterThanOrEqualTo(uses + BORROWS + 2)
					.isEqualTo(sample(scrape, "db_client_connection_use_time_seconds_count"))
					.isEqualTo(hikari(scrape, "hikaricp_connections_usage_seconds_count"));
				assertThat(bucket(scrape, "db_client_connection_create_time_seconds", "+Inf"))
					.as("the second connection, opened for the second borrow")
					.isPositive()
					.isEqualTo(sample(scrape, "db_client_connection_create_time_seconds_count"))
					.isEqualTo(hikari(scrape, "hikaricp_connections_creation_seconds_count"));
				assertThat(sample(scrape, "db_client_connection_timeouts_total")).isPositive()
					.isEqualTo(hikari(scrape, "hikaricp_connections_timeout_total"));
			});
		}
	}

	@Test
	void withoutHistogramsTheDurationsAreFunctionTimersWithoutBuckets(EmbeddedPostgresServer server)
			throws SQLException {
		try (ConfigurableApplicationContext context = application(server.createDatabaseWithOwner("nohistograms"))
			.run()) {
			PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
			DataSource dataSource = context.getBean(DataSource.class);
			try (Connection first = borrow(dataSource); Connection second = borrow(dataSource)) {
				assertThat(first).isNotSameAs(second);
			}
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				String scrape = registry.scrape();
				for (String duration : DURATIONS) {
					assertThat(sample(scrape, duration + "_count")).as(duration).isPositive();
				}
			});
			String scrape = registry.scrape();
			for (String duration : DURATIONS) {
				assertThat(buckets(scrape, duration)).as(duration).isEmpty();
			}
			assertThat(registry.get("db.client.connection.wait_time")
				.tag("db.client.connection.pool.name", "orders")
				.meter()).isInstanceOf(FunctionTimer.class);
		}
	}

	/**
	 * Borrow a connection, trying again while the pool opens one slower than its
	 * connection timeout (a loaded machine).
	 */
	private static Connection borrow(DataSource dataSource) {
		return await().atMost(Duration.ofSeconds(10))
			.ignoreExceptionsInstanceOf(SQLException.class)
			.until(dataSource::getConnection, Objects::nonNull);
	}

	/**
	 * Return the pool's buckets of a histogram in a scrape, by their upper boundary as
	 * written there.
	 */
	private static Map<String, Double> buckets(String scrape, String histogram) {
		Map<String, Double> buckets = new LinkedHashMap<>();
		Matcher sample = SAMPLE.matcher(scrape);
		while (sample.find()) {
			Map<String, String> labels = PrometheusLabels.parse(sample.group(2));
			if (sample.group(1).equals(histogram + "_bucket")
					&& "orders".equals(labels.get("db_client_connection_pool_name"))) {
				buckets.put(boundary(labels.get("le")), Double.valueOf(sample.group(3)));
			}
		}
		return buckets;
	}

	private static double bucket(String scrape, String histogram, String boundary) {
		Double count = buckets(scrape, histogram).get(boundary);
		assertThat(count).as("%s le=%s", histogram, boundary).isNotNull();
		return count;
	}

	/**
	 * Return a boundary as this test names it: {@code 1} and {@code 1.0} alike.
	 */
	private static String boundary(String le) {
		return le.endsWith(".0") ? le.substring(0, le.length() - 2) : le;
	}

	private static double sample(String scrape, String metric) {
		return value(scrape, metric, "db_client_connection_pool_name");
	}

	private static double hikari(String scrape, String metric) {
		return value(scrape, metric, "pool");
	}

	private static double value(String scrape, String metric, String poolLabel) {
		Matcher sample = SAMPLE.matcher(scrape);
		while (sample.find()) {
			if (sample.group(1).equals(metric)
					&& "orders".equals(PrometheusLabels.parse(sample.group(2)).get(poolLabel))) {
				return Double.parseDouble(sample.group(3));
			}
		}
		throw new AssertionError(metric + " of pool orders is not in the scrape:\n" + scrape);
	}


	private static SpringApplicationBuilder application(TestDatabase database) {
		return new SpringApplicationBuilder(HistogramsTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(database.connmgmtPool("orders"))
			.properties("connmgmt.pools.orders.minimum-idle=1", "connmgmt.pools.orders.maximum-pool-size=2",
					"connmgmt.pools.orders.connection-timeout=250ms", "connmgmt.pools.orders.validation-timeout=250ms",
					"connmgmt.pools.orders.timeouts.request=1s");
	}

	@SpringBootConfiguration
	@ImportJdbcAutoConfiguration
	@ImportPrometheusAutoConfiguration
	@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
			ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
			ConnmgmtTracingAutoConfiguration.class })
	static class HistogramsTestApplication {

	}

}
