package dev.connmgmt.test.vault;

import java.time.Duration;
import java.util.List;
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
 * AppRole logins give tokens with the role's TTL, max TTL and policies, and let a client
 * whose token expired log in again - how spring-cloud-vault recovers. Runs against
 * {@code VAULT_ADDR} when set.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class VaultAppRoleTests {

	private TestVault vault;

	private VaultAdmin root;

	private VaultAdmin anonymous;

	private EmbeddedPostgresServer postgres;

	private TestDatabase database;

	@BeforeEach
	void configureAppRole(EmbeddedPostgresServer postgres) {
		this.postgres = postgres;
		this.vault = TestVault.start();
		this.root = this.vault.root();
		this.anonymous = this.root.as(null);
		this.database = postgres.createDatabaseWithOwner("approle");
		this.vault.configureDatabase(postgres, this.database, "app");
		this.vault.defineRole("app", this.database, "1h", "2h");
		this.root.write("sys/policies/acl/connmgmt-app",
				Map.of("policy", "path \"database/creds/app\" { capabilities = [\"read\"] }"));
		VaultResponse enabled = this.root.exchange("POST", "sys/auth/approle", Map.of("type", "approle"));
		assertThat(enabled.status() == 204 || enabled.body().contains("already in use")).as(enabled.body())
			.isTrue();
		this.root.write("auth/approle/role/connmgmt", Map.of("token_ttl", "1h", "token_max_ttl", "2h",
				"token_policies", List.of("connmgmt-app"), "secret_id_ttl", "1h"));
		this.root.write("auth/approle/role/connmgmt-short",
				Map.of("token_ttl", "2s", "token_max_ttl", "3s", "token_policies", "connmgmt-app"));
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void loginGivesATokenWithTheRolesTtlAndPoliciesThatWorks() {
		JsonNode role = this.root.read("auth/approle/role/connmgmt").path("data");
		assertThat(role.path("token_ttl").asLong()).isEqualTo(3600);
		assertThat(role.path("token_policies").toString()).isEqualTo("[\"connmgmt-app\"]");
		JsonNode secretId = this.root.write("auth/approle/role/connmgmt/secret-id", null).path("data");
		assertThat(secretId.path("secret_id_accessor").asText()).isNotEmpty();
		assertThat(secretId.path("secret_id_ttl").asLong()).isEqualTo(3600);
		JsonNode auth = login("connmgmt", secretId.path("secret_id").asText());
		assertThat(auth.path("lease_duration").asLong()).isEqualTo(3600);
		assertThat(auth.path("renewable").asBoolean()).isTrue();
		assertThat(auth.path("orphan").asBoolean()).isTrue();
		assertThat(auth.path("policies").toString()).isEqualTo("[\"connmgmt-app\",\"default\"]");
		assertThat(auth.path("metadata").path("role_name").asText()).isEqualTo("connmgmt");
		VaultAdmin app = this.root.as(auth.path("client_token").asText());
		JsonNode creds = app.read("database/creds/app").path("data");
		assertThat(Logins.works(this.database, creds.path("username").asText(), creds.path("password").asText()))
			.isTrue();
		assertThat(app.status("GET", "database/roles/app", null)).isEqualTo(403);
		assertThat(app.read("auth/token/lookup-self").path("data").path("path").asText())
			.isEqualTo("auth/approle/login");
	}

	@Test
	void aLoginTokenRenewsOnlyUpToTheRolesMaxTtl() {
		VaultAdmin app = this.root
			.as(login("connmgmt-short", secretId("connmgmt-short")).path("client_token").asText());
		JsonNode renewed = app.write("auth/token/renew-self", Map.of("increment", "1h")).path("auth");
		assertThat(renewed.path("lease_duration").asLong()).isBetween(1L, 3L);
		JsonNode data = app.read("auth/token/lookup-self").path("data");
		assertThat(data.path("ttl").asLong()).isLessThanOrEqualTo(3);
		assertThat(data.path("creation_ttl").asLong()).isEqualTo(2);
	}

	@Test
	void aClientWhoseTokenExpiredLosesItsLeasesAndLogsInAgain() {
		String secretId = secretId("connmgmt-short");
		VaultAdmin first = this.root.as(login("connmgmt-short", secretId).path("client_token").asText());
		String username = first.read("database/creds/app").path("data").path("username").asText();
		await().atMost(Duration.ofSeconds(8)).until(() -> !Logins.roleExists(this.postgres, username));
		assertThat(first.status("GET", "database/creds/app", null)).isEqualTo(403);
		VaultAdmin second = this.root.as(login("connmgmt-short", secretId).path("client_token").asText());
		JsonNode creds = second.read("database/creds/app").path("data");
		assertThat(Logins.works(this.database, creds.path("username").asText(), creds.path("password").asText()))
			.isTrue();
	}

	@Test
	void aWrongExpiredOrUsedUpSecretIdIsRefused() {
		String roleId = roleId("connmgmt");
		VaultResponse wrong = this.anonymous.exchange("POST", "auth/approle/login",
				Map.of("role_id", roleId, "secret_id", "not-a-secret-id"));
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.body()).contains("invalid role or secret ID");
		assertThat(this.anonymous.status("POST", "auth/approle/login", Map.of("role_id", "not-a-role-id",
				"secret_id", secretId("connmgmt")))).isEqualTo(400);
		assertThat(this.anonymous.status("POST", "auth/approle/login", Map.of("role_id", roleId))).isEqualTo(400);
		String once = this.root.write("auth/approle/role/connmgmt/secret-id", Map.of("num_uses", 1))
			.path("data")
			.path("secret_id")
			.asText();
		login("connmgmt", once);
		assertThat(this.anonymous.status("POST", "auth/approle/login", Map.of("role_id", roleId, "secret_id", once)))
			.isEqualTo(400);
		String brief = this.root.write("auth/approle/role/connmgmt/secret-id", Map.of("ttl", "1s"))
			.path("data")
			.path("secret_id")
			.asText();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.anonymous.status("POST", "auth/approle/login",
					Map.of("role_id", roleId, "secret_id", brief)) == 400);
	}

	private String roleId(String role) {
		return this.root.read("auth/approle/role/" + role + "/role-id").path("data").path("role_id").asText();
	}

	private String secretId(String role) {
		JsonNode secretId = this.root.write("auth/approle/role/" + role + "/secret-id", null);
		return secretId.path("data").path("secret_id").asText();
	}

	private JsonNode login(String role, String secretId) {
		return this.anonymous.write("auth/approle/login", Map.of("role_id", roleId(role), "secret_id", secretId))
			.path("auth");
	}

}
