package dev.connmgmt.sample;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.sample.PromQlSelectors.Selector;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard of {@value GrafanaDashboard#LOCATION} against what the sample
 * exports to Prometheus: every metric each panel and template variable queries, and every
 * label their matchers test, is in a scrape of {@code /actuator/prometheus}, taken once the
 * sample has served requests, rotated its Vault credentials and failed a login. The
 * inventory pool sizes itself here, so that the autoscaler's meters exist too. Spring Boot
 * 3.5 exports no metrics from a test unless {@code spring.test.observability.auto-configure}
 * says so (Boot 4.1 leaves that to a test module the sample does not use).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.traffic.enabled=false", "connmgmt.pools.inventory.autoscale.enabled=true",
				"spring.test.observability.auto-configure=true" })
class GrafanaDashboardTests extends SampleHttpTestSupport {

	/**
	 * Labels Prometheus gives every series it scrapes, absent from the scrape itself.
	 */
	private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^\\n]*)\\})? ",
			Pattern.MULTILINE);

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final GrafanaDashboard dashboard = GrafanaDashboard.load();

	@Autowired
	@Qualifier("ordersDataSource")
	private ManagedDataSource orders;

	@Autowired
	@Qualifier("inventoryDataSource")
	private ManagedDataSource inventory;

	@Autowired
	private EmbeddedPostgresServer postgres;

	@Autowired
	private Environment environment;

	@Test
	void everyQueryReadsMetricsAndLabelsTheSampleExports() {
		serveSomeRequests();
		rotateTheOrdersCredentials();
		failALoginOfTheInventoryPool();
		Map<String, Set<String>> exported = labelsByMetric(scrape());
		Map<String, String> queries = this.dashboard.queries();
		assertThat(queries).hasSizeGreaterThan(this.dashboard.panels().size());
		SoftAssertions.assertSoftly((softly) -> queries.forEach((query, expression) -> {
			List<Selector> selectors = PromQlSelectors.of(expression);
			softly.assertThat(selectors).as("metrics of %s", query).isNotEmpty();
			for (Selector selector : selectors) {
				Set<String> exportedLabels = exported.get(selector.metric());
				softly.assertThat(exportedLabels).as("%s reads %s, which the sample does not export", query,
						selector.metric()).isNotNull();
				if (exportedLabels != null) {
					Set<String> labels = new HashSet<>(selector.labels());
					labels.removeAll(TARGET_LABELS);
					softly.assertThat(exportedLabels).as("labels of %s in %s", selector.metric(), query).containsAll(labels);
				}
			}
		}));
	}

	@Test
	void isADashboardGrafanaImportsWithOneRowPerPool() {
		Map<String, Object> json = this.dashboard.json();
		assertThat(json).containsKeys("title", "uid");
		assertThat(((Number) json.get("schemaVersion")).intValue()).isGreaterThanOrEqualTo(36);
		assertThat(this.dashboard.variable("datasource")).containsEntry("type", "datasource")
			.containsEntry("query", "prometheus");
		assertThat(this.dashboard.variable("pool")).containsEntry("type", "query").containsEntry("multi", true);
		Map<String, Object> datasource = Map.of("type", "prometheus", "uid", "${datasource}");
		Set<Object> ids = new HashSet<>();
		String row = null;
		for (Map<String, Object> panel : this.dashboard.panels()) {
			assertThat(ids.add(panel.get("id"))).as("unique id of %s", panel.get("title")).isTrue();
			Map<String, Object> grid = GrafanaDashboard.map(panel.get("gridPos"));
			assertThat(((Number) grid.get("x")).intValue() + ((Number) grid.get("w")).intValue()).isLessThanOrEqualTo(24);
			assertThat(grid).containsKeys("y", "h");
			if ("row".equals(panel.get("type"))) {
				row = (String) panel.get("repeat");
				continue;
			}
			assertThat(panel).as("panel %s", panel.get("title")).containsEntry("datasource", datasource);
			List<Map<String, Object>> targets = GrafanaDashboard.maps(panel.get("targets"));
			assertThat(targets).as("targets of %s", panel.get("title")).isNotEmpty().allSatisfy((target) -> {
				assertThat(target).containsKeys("refId", "expr").containsEntry("datasource", datasource);
			});
			if ("pool".equals(row)) {
				assertThat(targets).as("queries of %s, in the row repeated for each pool", panel.get("title"))
					.anySatisfy((target) -> assertThat((String) target.get("expr")).contains("pool=\"$pool\""));
			}
		}
		assertThat(this.dashboard.panels()).filteredOn((panel) -> "pool".equals(panel.get("repeat")))
			.singleElement()
			.satisfies((panel) -> assertThat(panel).containsEntry("type", "row"));
		Set<String> metrics = new HashSet<>();
		this.dashboard.queries().values().forEach((query) -> PromQlSelectors.of(query)
			.forEach((selector) -> metrics.add(selector.metric())));
		assertThat(metrics).contains("hikaricp_connections_active", "hikaricp_connections_idle",
				"hikaricp_connections_pending", "hikaricp_connections_acquire_seconds_bucket",
				"connmgmt_pool_connections_opened_total", "connmgmt_pool_connections_failed_total",
				"connmgmt_pool_connections_retired_total", "connmgmt_pool_connections_closed_total",
				"resilience4j_circuitbreaker_state", "connmgmt_pool_credentials_generation",
				"connmgmt_pool_credentials_lease_remaining_seconds", "connmgmt_pool_credentials_rotations_total",
				"connmgmt_pool_autoscale_maximum");
	}

	private void serveSomeRequests() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.http.postForEntity("/orders", Map.of("item", "keyboard", "quantity", 1), String.class)
				.getStatusCode()).isEqualTo(HttpStatus.CREATED);
			assertThat(this.http.getForEntity("/orders", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(this.http.getForEntity("/inventory", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
		}
	}

	private void rotateTheOrdersCredentials() {
		long before = this.orders.getCredentialSource().current().generation();
		assertThat(this.orders.getCredentialSource().refresh()).isTrue();
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			String scrape = scrape();
			assertThat(value(scrape, "connmgmt_pool_credentials_generation", Map.of("pool", "orders")))
				.isGreaterThan(before);
			assertThat(value(scrape, "connmgmt_pool_credentials_rotations_total", Map.of("pool", "orders", "outcome",
					"success"))).isPositive();
			assertThat(value(scrape, "connmgmt_pool_connections_retired_total", Map.of("pool", "orders", "reason",
					"rotation"))).isPositive();
		});
	}

	private void failALoginOfTheInventoryPool() {
		String role = this.environment.getProperty("connmgmt.pools.inventory.username");
		String password = this.environment.getProperty("connmgmt.pools.inventory.password");
		this.postgres.changePassword(role, "refused-" + UUID.randomUUID());
		try {
			this.inventory.softEvict();
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(value(scrape(), "connmgmt_pool_connections_failed_total",
						Map.of("pool", "inventory", "sqlstate_class", "28"))).isPositive());
		}
		finally {
			this.postgres.changePassword(role, password);
		}
	}

	private String scrape() {
		HttpHeaders headers = new HttpHeaders();
		headers.setAccept(List.of(MediaType.TEXT_PLAIN));
		ResponseEntity<String> response = this.http.exchange("/actuator/prometheus", HttpMethod.GET,
				new HttpEntity<>(headers), String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		return response.getBody();
	}

	/**
	 * Return the label names each metric of a scrape carries on any of its samples.
	 */
	private static Map<String, Set<String>> labelsByMetric(String scrape) {
		Map<String, Set<String>> metrics = new LinkedHashMap<>();
		Matcher sample = SAMPLE.matcher(scrape);
		while (sample.find()) {
			Set<String> labels = metrics.computeIfAbsent(sample.group(1), (name) -> new HashSet<>());
			labels.addAll(labels(sample.group(2)).keySet());
		}
		return metrics;
	}

	/**
	 * Return the value of the first sample of a metric with the given labels, or
	 * {@code null} when the scrape has none.
	 */
	private static Double value(String scrape, String metric, Map<String, String> wanted) {
		Matcher sample = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^\\n]*)\\} (\\S+)", Pattern.MULTILINE)
			.matcher(scrape);
		while (sample.find()) {
			if (labels(sample.group(1)).entrySet().containsAll(wanted.entrySet())) {
				return Double.valueOf(sample.group(2));
			}
		}
		return null;
	}

	private static Map<String, String> labels(String labels) {
		Map<String, String> parsed = new LinkedHashMap<>();
		if (labels != null) {
			Matcher label = LABEL.matcher(labels);
			while (label.find()) {
				parsed.put(label.group(1), label.group(2));
			}
		}
		return parsed;
	}

}
