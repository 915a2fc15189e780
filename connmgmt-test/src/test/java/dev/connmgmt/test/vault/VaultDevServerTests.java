package dev.connmgmt.test.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Vault dev server, configured only through Vault's HTTP API, issues real PostgreSQL
 * roles whose leases renew up to their max TTL and are revoked on expiry or on request.
 * With {@code VAULT_ADDR} and {@code VAULT_TOKEN} set, the same calls go to that Vault
 * instead (it must reach the embedded PostgreSQL on localhost).
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class VaultDevServerTests {

	private TestVault vault;

	private VaultAdmin root;

	private EmbeddedPostgresServer postgres;

	private TestDatabase database;

	@BeforeEach
	void configureTheDatabaseEngine(EmbeddedPostgresServer postgres) {
		this.postgres = postgres;
		this.vault = TestVault.start();
		this.root = this.vault.root();
		this.database = postgres.createDatabaseWithOwner("vaulted");
		this.vault.configureDatabase(postgres, this.database, "app");
		this.vault.defineRole("app", this.database, "2s", "3s");
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void issuedCredentialsAreARealRoleUntilRevoked() {
		JsonNode creds = this.root.read("database/creds/app");
		String username = creds.path("data").path("username").asText();
		String password = creds.path("data").path("password").asText();
		assertThat(creds.path("lease_duration").asLong()).isBetween(1L, 2L);
		assertThat(creds.path("renewable").asBoolean()).isTrue();
		assertThat(Logins.works(this.database, username, password)).isTrue();
		VaultResponse revoked = this.root.exchange("PUT", "sys/leases/revoke",
				Map.of("lease_id", creds.path("lease_id").asText()));
		assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);
		assertThat(Logins.roleExists(this.postgres, username)).isFalse();
		assertThat(this.postgres.backendsOf(username)).isEmpty();
	}

	@Test
	void renewalsStopAtTheMaxTtlAndExpiryRevokes() {
		JsonNode creds = this.root.read("database/creds/app");
		String leaseId = creds.path("lease_id").asText();
		String username = creds.path("data").path("username").asText();
		await().atMost(Duration.ofSeconds(3))
			.until(() -> lookup(leaseId).path("data").path("ttl").asLong() <= 1);
		JsonNode renewed = this.root.call("PUT", "sys/leases/renew", Map.of("lease_id", leaseId, "increment", 60));
		assertThat(renewed.path("lease_duration").asLong()).isLessThanOrEqualTo(2);
		assertThat(renewed.path("warnings").toString()).contains("capped");
		assertThat(lookup(leaseId).path("data").path("ttl").asLong()).isLessThanOrEqualTo(2);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.root.status("PUT", "sys/leases/lookup", Map.of("lease_id", leaseId)) == 400);
		await().atMost(Duration.ofSeconds(5)).until(() -> !Logins.roleExists(this.postgres, username));
		assertThat(this.root.status("PUT", "sys/leases/renew", Map.of("lease_id", leaseId))).isEqualTo(400);
	}

	@Test
	void aRenewalMovesTheExpirationOfTheRoleInTheDatabase() {
		this.vault.configureDatabase(this.postgres, this.database, "app", "long");
		this.vault.defineRole("long", this.database, "10s", "1h");
		JsonNode creds = this.root.read("database/creds/long");
		String username = creds.path("data").path("username").asText();
		assertThat(Logins.validUntil(this.postgres, username)).isBetween(Instant.now().plusSeconds(8),
				Instant.now().plusSeconds(20));
		this.root.call("PUT", "sys/leases/renew",
				Map.of("lease_id", creds.path("lease_id").asText(), "increment", 600));
		assertThat(Logins.validUntil(this.postgres, username)).isBetween(Instant.now().plusSeconds(590),
				Instant.now().plusSeconds(620));
	}

	@Test
	void requestsWithoutAValidTokenAreDenied() {
		assertThat(this.root.as(null).status("GET", "database/creds/app", null)).isEqualTo(403);
		assertThat(this.root.as("no-such-token").status("GET", "database/creds/app", null)).isEqualTo(403);
		VaultResponse health = this.root.as(null).exchange("GET", "sys/health", null);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).contains("\"sealed\":false", "\"initialized\":true");
	}

	@Test
	void rolesAndConfigurationsAreReadWithGetAndNeverShowThePassword() {
		JsonNode role = this.root.read("database/roles/app").path("data");
		assertThat(role.path("db_name").asText()).isEqualTo("pg");
		assertThat(role.path("default_ttl").asLong()).isEqualTo(2);
		assertThat(role.path("max_ttl").asLong()).isEqualTo(3);
		assertThat(role.path("creation_statements")).hasSize(2);
		VaultResponse config = this.root.exchange("GET", "database/config/pg", null);
		assertThat(config.status()).isEqualTo(200);
		assertThat(config.body()).contains(this.postgres.superuser()).doesNotContain(this.postgres.superuserPassword());
		assertThat(this.root.status("GET", "database/roles/missing", null)).isEqualTo(404);
	}

	@Test
	void credentialsAreReadNeverWritten() {
		assertThat(this.root.status("POST", "database/creds/app", Map.of())).isEqualTo(405);
		assertThat(this.root.status("GET", "database/no-such-path/app", null)).isEqualTo(404);
	}

	@Test
	void aDeletedRoleIssuesNoMoreCredentials() {
		assertThat(this.root.status("DELETE", "database/roles/app", null)).isEqualTo(204);
		assertThat(this.root.status("GET", "database/roles/app", null)).isEqualTo(404);
		VaultResponse creds = this.root.exchange("GET", "database/creds/app", null);
		assertThat(creds.status()).isEqualTo(400);
		assertThat(creds.body()).contains("unknown role");
	}

	@Test
	void aRoleTheConnectionDoesNotAllowGetsNoCredentials() {
		this.vault.defineRole("stranger", this.database, "2s", "3s");
		VaultResponse creds = this.root.exchange("GET", "database/creds/stranger", null);
		assertThat(creds.status()).isEqualTo(500);
		assertThat(creds.body()).contains("not an allowed role");
		assertThat(this.root.read("database/config/pg").path("data").path("allowed_roles").toString())
			.isEqualTo("[\"app\"]");
	}

	private JsonNode lookup(String leaseId) {
		return this.root.call("PUT", "sys/leases/lookup", Map.of("lease_id", leaseId));
	}

}
