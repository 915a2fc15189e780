package dev.connmgmt.sample;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.connmgmt.internal.lifecycle.PoolSizeAdvisor;
import dev.connmgmt.pool.ManagedDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as a newcomer runs it: embedded PostgreSQL, two pools, actuator over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.traffic.enabled=false", "server.tomcat.threads.max=8" })
class SampleApplicationTests extends SampleHttpTestSupport {

	@Autowired
	private List<ManagedDataSource> pools;

	@Autowired
	private DataSource primary;

	@Test
	void healthIsUpWithBothPoolsAndReadinessUp() {
		ResponseEntity<Map<String, Object>> health = this.http.exchange("/actuator/health", HttpMethod.GET, null,
				new ParameterizedTypeReference<>() {
				});
		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(health.getBody()).containsEntry("status", "UP");
		assertThat(this.http.getForObject("/actuator/health/readiness", String.class)).contains("\"UP\"");
	}

	@Test
	void ordersAndStockGoThroughTheirOwnPoolsAndRoles() {
		assertThat(this.pools).extracting(ManagedDataSource::getName).containsExactlyInAnyOrder("orders", "inventory");
		assertThat(this.primary).isInstanceOf(ManagedDataSource.class);
		assertThat(((ManagedDataSource) this.primary).getName()).isEqualTo("orders");
		List<String> roles = this.pools.stream()
			.map((pool) -> new JdbcTemplate(pool).queryForObject("SELECT current_user", String.class))
			.toList();
		assertThat(roles).doesNotHaveDuplicates();

		ResponseEntity<Map<String, Object>> placed = this.http.exchange("/orders", HttpMethod.POST,
				new org.springframework.http.HttpEntity<>(Map.of("item", "monitor", "quantity", 3)),
				new ParameterizedTypeReference<>() {
				});
		assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(this.http.getForObject("/orders", String.class)).contains("monitor");
		assertThat(this.http.getForObject("/inventory", String.class)).contains("\"monitor\"");
		ResponseEntity<String> tooMany = this.http.postForEntity("/orders", Map.of("item", "monitor", "quantity", 10_000),
				String.class);
		assertThat(tooMany.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
	}

	@Test
	void eachPoolHasACircuitBreakerAndARetry() {
		String breakers = this.http.getForObject("/actuator/circuitbreakers", String.class);
		assertThat(breakers).contains("\"orders\"").contains("\"inventory\"").contains("\"CLOSED\"");
		assertThat(this.http.getForObject("/actuator/retries", String.class)).contains("orders").contains("inventory");
	}

	@Test
	void poolLargerThanTheWebServersThreadsIsWarned(@Autowired PoolSizeAdvisor advisor) {
		assertThat(advisor.getAdvice()).anySatisfy((advice) -> {
			assertThat(advice.pool()).isEqualTo("orders");
			assertThat(advice.warning()).isTrue();
			assertThat(advice.message()).contains("maximum-pool-size 8 is not below the web server's 8 threads");
		}).noneSatisfy((advice) -> assertThat(advice.message()).contains("'inventory': maximum-pool-size 4 is not below"));
	}

	@Test
	void poolMetricsAreExposed() {
		String metric = this.http.getForObject("/actuator/metrics/hikaricp.connections.max?tag=pool:inventory",
				String.class);
		assertThat(metric).contains("\"value\":4.0");
	}

}
