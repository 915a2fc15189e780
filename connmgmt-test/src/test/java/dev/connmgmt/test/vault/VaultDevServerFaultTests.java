package dev.connmgmt.test.vault;

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

/**
 * What only the dev server has, its fault switches and its root token: these tests always
 * run against a dev server of their own, whatever {@code VAULT_ADDR} says.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class VaultDevServerFaultTests {

	private TestVault vault;

	private VaultDevServer server;

	private VaultHttp root;

	private EmbeddedPostgresServer postgres;

	private TestDatabase database;

	@BeforeEach
	void configureTheDatabaseEngine(EmbeddedPostgresServer postgres) {
		this.postgres = postgres;
		this.vault = TestVault.devServer();
		this.server = this.vault.server();
		this.root = this.vault.root();
		this.database = postgres.createDatabaseWithOwner("faulty");
		this.vault.configureDatabase(postgres, this.database, "app");
		this.vault.defineRole("app", this.database, "1h", "2h");
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void theRootTokenNeverExpiresAndCannotBeRenewed() {
		JsonNode data = this.root.read("auth/token/lookup-self").path("data");
		assertThat(data.path("policies").toString()).isEqualTo("[\"root\"]");
		assertThat(data.path("ttl").asLong()).isZero();
		assertThat(data.path("expire_time").isNull()).isTrue();
		assertThat(data.path("renewable").asBoolean()).isFalse();
		assertThat(this.root.status("POST", "auth/token/renew-self", null)).isEqualTo(400);
	}

	@Test
	void unavailableAnswers503ToEverythingUntilSwitchedBack() {
		this.server.unavailable(true);
		assertThat(this.root.status("GET", "sys/health", null)).isEqualTo(503);
		assertThat(this.root.call("GET", "database/creds/app", null).body()).contains("Vault is sealed");
		this.server.unavailable(false);
		assertThat(this.root.status("GET", "sys/health", null)).isEqualTo(200);
		assertThat(this.root.status("GET", "database/creds/app", null)).isEqualTo(200);
		assertThat(this.root.status("PUT", "sys/leases/lookup", Map.of("lease_id", "none"))).isEqualTo(400);
	}

}
