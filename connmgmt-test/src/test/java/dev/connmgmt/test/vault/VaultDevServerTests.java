package dev.connmgmt.test.vault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Vault dev server, configured only through Vault's HTTP API, issues real PostgreSQL
 * roles whose leases renew up to their max TTL and are revoked on expiry or on request.
 * With {@code VAULT_ADDR} and {@code VAULT_TOKEN} set, the same calls go to that Vault
 * instead (it must reach the embedded PostgreSQL on localhost).
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class VaultDevServerTests {

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	private VaultDevServer vault;

	private String address;

	private String token;

	private EmbeddedPostgresServer postgres;

	private TestDatabase database;

	@BeforeEach
	void configureTheDatabaseEngine(EmbeddedPostgresServer postgres) throws Exception {
		this.postgres = postgres;
		String realVault = System.getenv("VAULT_ADDR");
		if (realVault != null && System.getenv("VAULT_TOKEN") != null) {
			this.address = realVault;
			this.token = System.getenv("VAULT_TOKEN");
		}
		else {
			this.vault = VaultDevServer.start();
			this.address = this.vault.address();
			this.token = this.vault.rootToken();
		}
		this.database = postgres.createDatabaseWithOwner("vaulted");
		HttpResponse<String> mounted = call("POST", "sys/mounts/database", Map.of("type", "database"));
		assertThat(mounted.statusCode() == 204 || mounted.body().contains("already in use")).as(mounted.body()).isTrue();
		assertThat(call("POST", "database/config/pg", Map.of("plugin_name", "postgresql-database-plugin",
				"connection_url", "postgresql://{{username}}:{{password}}@localhost:" + postgres.port() + "/"
						+ this.database.name(),
				"username", postgres.superuser(), "password", postgres.superuserPassword(), "allowed_roles", "app"))
			.statusCode()).isEqualTo(204);
		assertThat(call("POST", "database/roles/app", Map.of("db_name", "pg", "creation_statements",
				new String[] { "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'",
						"GRANT CONNECT ON DATABASE " + this.database.name() + " TO \"{{name}}\"" },
				"default_ttl", "2s", "max_ttl", "3s"))
			.statusCode()).isEqualTo(204);
	}

	@AfterEach
	void stop() {
		if (this.vault != null) {
			this.vault.close();
		}
	}

	@Test
	void issuedCredentialsAreARealRoleUntilRevoked() throws Exception {
		JsonNode creds = json.readTree(call("GET", "database/creds/app", null).body());
		String username = creds.path("data").path("username").asText();
		String password = creds.path("data").path("password").asText();
		assertThat(creds.path("lease_duration").asLong()).isBetween(1L, 2L);
		try (Connection connection = this.postgres.dataSource(this.database.name(), username, password).getConnection()) {
			assertThat(connection.isValid(1)).isTrue();
		}
		HttpResponse<String> revoked = call("PUT", "sys/leases/revoke", Map.of("lease_id", creds.path("lease_id").asText()));
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> this.postgres.dataSource(this.database.name(), username, password).getConnection());
		assertThat(this.postgres.backendsOf(username)).isEmpty();
	}

	@Test
	void renewalsStopAtTheMaxTtlAndExpiryRevokes() throws Exception {
		JsonNode creds = json.readTree(call("GET", "database/creds/app", null).body());
		String leaseId = creds.path("lease_id").asText();
		String username = creds.path("data").path("username").asText();
		String password = creds.path("data").path("password").asText();
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(3))
			.until(() -> json.readTree(call("PUT", "sys/leases/lookup", Map.of("lease_id", leaseId)).body())
				.path("data")
				.path("ttl")
				.asLong() <= 1);
		JsonNode renewed = json.readTree(call("PUT", "sys/leases/renew", Map.of("lease_id", leaseId, "increment", 60)).body());
		assertThat(renewed.path("lease_duration").asLong()).isLessThanOrEqualTo(2);
		JsonNode lookup = json.readTree(call("PUT", "sys/leases/lookup", Map.of("lease_id", leaseId)).body());
		assertThat(lookup.path("data").path("ttl").asLong()).isLessThanOrEqualTo(2);
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(5))
			.until(() -> call("PUT", "sys/leases/lookup", Map.of("lease_id", leaseId)).statusCode() == 400);
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> this.postgres.dataSource(this.database.name(), username, password).getConnection());
		assertThat(call("PUT", "sys/leases/renew", Map.of("lease_id", leaseId)).statusCode()).isEqualTo(400);
	}

	@Test
	void requestsWithoutTheTokenAreDeniedAndTheDevServersSealSwitchAnswers503() throws Exception {
		HttpResponse<String> anonymous = this.http.send(HttpRequest.newBuilder(URI.create(this.address
				+ "/v1/database/creds/app")).GET().build(), HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(403);
		assertThat(call("GET", "sys/health", null).statusCode()).isEqualTo(200);
		if (this.vault == null) {
			return;
		}
		this.vault.unavailable(true);
		assertThat(call("GET", "sys/health", null).statusCode()).isEqualTo(503);
		this.vault.unavailable(false);
		assertThat(call("GET", "sys/health", null).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> call(String method, String path, Object body) throws Exception {
		HttpRequest.BodyPublisher publisher = (body != null)
				? HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)) : HttpRequest.BodyPublishers.noBody();
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.address + "/v1/" + path))
			.header("X-Vault-Token", this.token)
			.method(method, publisher)
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
