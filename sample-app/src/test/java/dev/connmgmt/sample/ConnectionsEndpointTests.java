package dev.connmgmt.sample;

import java.util.List;
import java.util.Map;

import dev.connmgmt.pool.ManagedDataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/connections} over HTTP, as an operator calls it.
 */
class ConnectionsEndpointTests {

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = "sample.traffic.enabled=false")
	class ReadOnly extends SampleHttpTestSupport {

		@Autowired
		private Environment environment;

		@Autowired
		@Qualifier("ordersDataSource")
		private ManagedDataSource orders;

		@Test
		void describesEveryPoolWithoutASecret() {
			ResponseEntity<String> response = this.http.getForEntity("/actuator/connections", String.class);
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getBody()).contains("\"orders\"", "\"inventory\"", "\"state\":\"running\"",
					"\"maximumPoolSize\":8", "\"source\":\"static\"", "\"source\":\"vault\"", "\"leaseTimeLeft\"",
					"\"nextRotation\"", "\"circuitBreaker\"", "\"state\":\"CLOSED\"",
					"\"retry\":{\"name\":\"orders\",\"maxAttempts\":3");
			// what a pool does not have is left out, not null: static credentials have no lease
			assertThat(this.http.getForObject("/actuator/connections/inventory", String.class))
				.contains("\"credentials\":{\"source\":\"static\",\"generation\":1}")
				.doesNotContain("\"derived\"")
				.doesNotContain(":null");
			List<String> secrets = List.of(this.environment.getProperty("connmgmt.pools.inventory.password"),
					this.environment.getProperty("spring.cloud.vault.token"),
					this.orders.getCredentialSource().current().password());
			assertThat(secrets).allSatisfy((secret) -> {
				assertThat(secret).isNotBlank();
				assertThat(response.getBody()).doesNotContain(secret);
			});
		}

		@Test
		void describesOnePoolAndAnUnknownOneIsNotFound() {
			ResponseEntity<Map<String, Object>> orders = this.http.exchange("/actuator/connections/orders",
					org.springframework.http.HttpMethod.GET, null,
					new org.springframework.core.ParameterizedTypeReference<>() {
					});
			assertThat(orders.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(orders.getBody()).containsEntry("state", "running").containsEntry("lazy", false);
			assertThat(this.http.getForEntity("/actuator/connections/missing", String.class).getStatusCode())
				.isEqualTo(HttpStatus.NOT_FOUND);
		}

		@Test
		void writeOperationsAreAbsentByDefault() {
			ResponseEntity<String> response = this.http.postForEntity("/actuator/connections/orders",
					Map.of("action", "soft-evict"), String.class);
			assertThat(response.getStatusCode().is2xxSuccessful()).isFalse();
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "sample.traffic.enabled=false", "management.endpoint.connections.access=unrestricted" })
	class Writable extends SampleHttpTestSupport {

		@Test
		void softEvictWorksOnAnExistingPool() {
			ResponseEntity<String> response = this.http.postForEntity("/actuator/connections/orders",
					Map.of("action", "soft-evict"), String.class);
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getBody()).contains("\"state\":\"running\"");
		}

		@Test
		void unknownPoolIsRefusedWithoutCreatingAnything() {
			ResponseEntity<String> response = this.http.postForEntity("/actuator/connections/nope",
					Map.of("action", "soft-evict"), String.class);
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
			assertThat(this.http.getForEntity("/actuator/connections/nope", String.class).getStatusCode())
				.isEqualTo(HttpStatus.NOT_FOUND);
			assertThat(this.http.getForObject("/actuator/connections", String.class)).doesNotContain("nope");
		}

		@Test
		void rotatingVaultCredentialsNowGivesThePoolANewGeneration() {
			ResponseEntity<String> before = this.http.getForEntity("/actuator/connections/orders", String.class);
			assertThat(before.getBody()).contains("\"generation\":1");
			ResponseEntity<String> rotated = this.http.postForEntity("/actuator/connections/orders",
					Map.of("action", "rotate-credentials"), String.class);
			assertThat(rotated.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(rotated.getBody()).contains("\"source\":\"vault\"", "\"generation\":2");
		}

		@Test
		void actionsThePoolCannotTakeAreConflicts() {
			assertThat(this.http.postForEntity("/actuator/connections/orders", Map.of("action", "suspend"), String.class)
				.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
			assertThat(this.http
				.postForEntity("/actuator/connections/inventory", Map.of("action", "rotate-credentials"), String.class)
				.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
			assertThat(this.http.postForEntity("/actuator/connections/orders", Map.of("action", "explode"), String.class)
				.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "sample.traffic.enabled=false", "connmgmt.endpoint.write-operations-enabled=true",
					"spring.application.name=deprecated-switch" })
	class DeprecatedWriteSwitch extends SampleHttpTestSupport {

		@Test
		void stillGrantsTheWriteOperations() {
			ResponseEntity<String> response = this.http.postForEntity("/actuator/connections/orders",
					Map.of("action", "soft-evict"), String.class);
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "sample.traffic.enabled=false", "management.endpoint.connections.access=unrestricted",
					"spring.application.name=rotation-rate-limit" })
	class RotationRateLimit extends SampleHttpTestSupport {

		@Test
		void aSecondRotationRightAfterTheFirstIsRefusedAndChangesNothing() {
			ResponseEntity<String> first = this.http.postForEntity("/actuator/connections/orders",
					Map.of("action", "rotate-credentials"), String.class);
			assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(first.getBody()).contains("\"generation\":2");
			ResponseEntity<String> second = this.http.postForEntity("/actuator/connections/orders",
					Map.of("action", "rotate-credentials"), String.class);
			assertThat(second.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
			assertThat(second.getBody()).contains("\"retryAfterSeconds\":", "Retry in");
			assertThat(this.http.getForObject("/actuator/connections/orders", String.class))
				.contains("\"generation\":2");
		}

	}

}
