package dev.connmgmt.test.vault;

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

/**
 * ACL policies decide what a token may do: the most specific matching path wins, deny
 * overrides, the default policy lets a token manage itself and its leases, and a child
 * token gets no policy its parent lacks. Runs against {@code VAULT_ADDR} when set.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class VaultPolicyTests {

	private static final String APP = """
			path "database/creds/app" {
			  capabilities = ["read"]
			}
			""";

	private TestVault vault;

	private VaultAdmin root;

	@BeforeEach
	void configureTheDatabaseEngine(EmbeddedPostgresServer postgres) {
		this.vault = TestVault.start();
		this.root = this.vault.root();
		TestDatabase database = postgres.createDatabaseWithOwner("policies");
		this.vault.configureDatabase(postgres, database, "app");
		this.vault.defineRole("app", database, "1h", "2h");
		this.root.write("sys/policies/acl/connmgmt-app", Map.of("policy", APP));
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void aTokenMayOnlyDoWhatItsPoliciesAllow() {
		VaultAdmin app = token(List.of("connmgmt-app"));
		JsonNode creds = app.read("database/creds/app");
		assertThat(app.status("GET", "database/roles/app", null)).isEqualTo(403);
		assertThat(app.status("POST", "database/roles/app", Map.of("db_name", "pg"))).isEqualTo(403);
		assertThat(app.status("PUT", "sys/leases/revoke", Map.of("lease_id", creds.path("lease_id").asText())))
			.isEqualTo(403);
		VaultAdmin anyone = token(List.of());
		assertThat(anyone.status("GET", "database/creds/app", null)).isEqualTo(403);
		assertThat(anyone.status("GET", "auth/token/lookup-self", null)).isEqualTo(200);
		assertThat(anyone.status("POST", "auth/token/renew-self", Map.of())).isEqualTo(200);
		assertThat(anyone.status("PUT", "sys/leases/renew", Map.of("lease_id", creds.path("lease_id").asText())))
			.isEqualTo(200);
		assertThat(anyone.status("PUT", "sys/leases/lookup", Map.of("lease_id", creds.path("lease_id").asText())))
			.isEqualTo(200);
	}

	@Test
	void theMostSpecificPathWinsAndDenyOverrides() {
		this.root.write("sys/policies/acl/connmgmt-reader", Map.of("policy", """
				path "database/*" { capabilities = ["read"] }
				path "database/roles/*" { capabilities = ["deny"] }
				"""));
		this.root.write("sys/policies/acl/connmgmt-segment", Map.of("policy", """
				path "database/*" { capabilities = ["read"] }
				path "database/+/app" { capabilities = ["deny"] }
				"""));
		this.root.write("sys/policies/acl/connmgmt-deny", Map.of("policy", """
				# the same path as connmgmt-app, denied
				path "database/creds/app" { capabilities = ["deny"] }
				"""));
		VaultAdmin reader = token(List.of("connmgmt-reader"));
		assertThat(reader.status("GET", "database/creds/app", null)).isEqualTo(200);
		assertThat(reader.status("GET", "database/config/pg", null)).isEqualTo(200);
		assertThat(reader.status("GET", "database/roles/app", null)).isEqualTo(403);
		VaultAdmin segment = token(List.of("connmgmt-segment"));
		assertThat(segment.status("GET", "database/creds/app", null)).isEqualTo(403);
		assertThat(segment.status("GET", "database/creds/missing", null)).isEqualTo(400);
		assertThat(token(List.of("connmgmt-app", "connmgmt-deny")).status("GET", "database/creds/app", null))
			.isEqualTo(403);
	}

	@Test
	void aChildTokenGetsNoPolicyItsParentLacks() {
		this.root.write("sys/policies/acl/connmgmt-creator", Map.of("policy", """
				path "auth/token/create" { capabilities = ["update"] }
				"""));
		VaultAdmin parent = token(List.of("connmgmt-creator", "connmgmt-app"));
		assertThat(parent.exchange("POST", "auth/token/create", Map.of("policies", List.of("connmgmt-other"))).body())
			.contains("subset");
		assertThat(parent.status("POST", "auth/token/create", Map.of("policies", List.of("root")))).isEqualTo(400);
		assertThat(parent.status("POST", "auth/token/create", Map.of("no_parent", true))).isEqualTo(400);
		JsonNode narrower = parent.write("auth/token/create", Map.of("policies", List.of("connmgmt-app"))).path("auth");
		assertThat(narrower.path("policies").toString()).isEqualTo("[\"connmgmt-app\",\"default\"]");
		JsonNode inherited = parent.write("auth/token/create", Map.of()).path("auth");
		assertThat(inherited.path("policies").toString())
			.isEqualTo("[\"connmgmt-app\",\"connmgmt-creator\",\"default\"]");
		assertThat(this.root.as(narrower.path("client_token").asText()).status("GET", "database/creds/app", null))
			.isEqualTo(200);
	}

	@Test
	void policiesAreReadBackAndTheirDeletionTakesEffect() {
		assertThat(this.root.read("sys/policies/acl/connmgmt-app").path("data").path("policy").asText())
			.isEqualTo(APP);
		VaultAdmin app = token(List.of("connmgmt-app"));
		assertThat(app.status("GET", "database/creds/app", null)).isEqualTo(200);
		assertThat(this.root.status("DELETE", "sys/policies/acl/connmgmt-app", null)).isEqualTo(204);
		assertThat(this.root.status("GET", "sys/policies/acl/connmgmt-app", null)).isEqualTo(404);
		assertThat(app.status("GET", "database/creds/app", null)).isEqualTo(403);
		assertThat(this.root.status("POST", "sys/policies/acl/connmgmt-broken", Map.of("policy", "path {")))
			.isEqualTo(400);
	}

	private VaultAdmin token(List<String> policies) {
		return this.root.as(VaultTokenTests.create(this.root, Map.of("ttl", "1h", "policies",
				policies.isEmpty() ? List.of("default") : policies)));
	}

}
