package dev.connmgmt.test.vault;

import java.time.Duration;
import java.time.OffsetDateTime;
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
 * Tokens as Vault keeps them: their own TTL counting down, renewals capped at the max TTL,
 * and revocation or expiry that takes their children and every lease they created. Runs
 * against {@code VAULT_ADDR} when set, like {@link VaultDevServerTests}.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class VaultTokenTests {

	private TestVault vault;

	private VaultAdmin root;

	private EmbeddedPostgresServer postgres;

	@BeforeEach
	void configureTheDatabaseEngine(EmbeddedPostgresServer postgres) {
		this.postgres = postgres;
		this.vault = TestVault.start();
		this.root = this.vault.root();
		TestDatabase database = postgres.createDatabaseWithOwner("tokens");
		this.vault.configureDatabase(postgres, database, "long");
		this.vault.defineRole("long", database, "1h", "2h");
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void lookupSelfShowsTheCallersOwnTtlCountingDown() {
		VaultAdmin token = this.root.as(create(this.root, Map.of("ttl", "30s", "explicit_max_ttl", "60s")));
		JsonNode data = token.read("auth/token/lookup-self").path("data");
		assertThat(data.path("creation_ttl").asLong()).isEqualTo(30);
		assertThat(data.path("explicit_max_ttl").asLong()).isEqualTo(60);
		assertThat(data.path("ttl").asLong()).isBetween(25L, 30L);
		assertThat(data.path("renewable").asBoolean()).isTrue();
		assertThat(data.path("orphan").asBoolean()).isFalse();
		assertThat(data.path("expire_time").isTextual()).isTrue();
		long first = data.path("ttl").asLong();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> token.read("auth/token/lookup-self").path("data").path("ttl").asLong() < first);
	}

	@Test
	void renewSelfExtendsTheTokenButNeverPastItsMaxTtl() {
		VaultAdmin token = this.root.as(create(this.root, Map.of("ttl", "2s", "explicit_max_ttl", "4s")));
		JsonNode renewed = token.write("auth/token/renew-self", Map.of("increment", "1h"));
		assertThat(renewed.path("auth").path("lease_duration").asLong()).isBetween(1L, 4L);
		assertThat(renewed.path("auth").path("renewable").asBoolean()).isTrue();
		assertThat(renewed.path("warnings").toString()).contains("capped");
		JsonNode data = token.read("auth/token/lookup-self").path("data");
		Duration lifetime = Duration.between(OffsetDateTime.parse(data.path("issue_time").asText()),
				OffsetDateTime.parse(data.path("expire_time").asText()));
		assertThat(lifetime).isBetween(Duration.ofMillis(3500), Duration.ofMillis(4500));
		JsonNode again = token.write("auth/token/renew-self", Map.of("increment", "1h"));
		assertThat(again.path("auth").path("lease_duration").asLong()).isLessThanOrEqualTo(4);
	}

	@Test
	void renewSelfWithoutIncrementRenewsByTheCreationTtl() {
		VaultAdmin token = this.root.as(create(this.root, Map.of("ttl", "20s")));
		JsonNode renewed = token.write("auth/token/renew-self", null);
		assertThat(renewed.path("auth").path("lease_duration").asLong()).isBetween(19L, 20L);
		assertThat(renewed.path("auth").path("client_token").asText()).isNotEmpty();
	}

	@Test
	void aTokenThatExpiresTakesItsLeasesWithIt() {
		VaultAdmin token = this.root.as(create(this.root, Map.of("ttl", "2s")));
		JsonNode creds = token.read("database/creds/long");
		String username = creds.path("data").path("username").asText();
		assertThat(creds.path("lease_duration").asLong()).isGreaterThan(3000);
		assertThat(Logins.roleExists(this.postgres, username)).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> !Logins.roleExists(this.postgres, username));
		assertThat(token.status("GET", "auth/token/lookup-self", null)).isEqualTo(403);
		assertThat(this.root.status("PUT", "sys/leases/lookup", Map.of("lease_id", creds.path("lease_id").asText())))
			.isEqualTo(400);
	}

	@Test
	void revokeSelfRevokesTheTokenItsChildrenAndTheirLeases() {
		VaultAdmin parent = this.root.as(create(this.root, Map.of("ttl", "1h")));
		VaultAdmin child = this.root.as(create(parent, Map.of("ttl", "1h")));
		String username = child.read("database/creds/long").path("data").path("username").asText();
		assertThat(parent.status("POST", "auth/token/revoke-self", null)).isEqualTo(204);
		assertThat(parent.status("GET", "auth/token/lookup-self", null)).isEqualTo(403);
		assertThat(child.status("GET", "auth/token/lookup-self", null)).isEqualTo(403);
		await().atMost(Duration.ofSeconds(5)).until(() -> !Logins.roleExists(this.postgres, username));
	}

	@Test
	void anOrphanOutlivesTheTokenThatCreatedIt() {
		VaultAdmin parent = this.root.as(create(this.root, Map.of("ttl", "1h")));
		VaultAdmin orphan = this.root.as(create(this.root, Map.of("ttl", "1h", "no_parent", true)));
		assertThat(orphan.read("auth/token/lookup-self").path("data").path("orphan").asBoolean()).isTrue();
		parent.write("auth/token/revoke-self", null);
		assertThat(orphan.status("GET", "auth/token/lookup-self", null)).isEqualTo(200);
	}

	@Test
	void aNonRenewableTokenCannotBeRenewed() {
		JsonNode auth = this.root.write("auth/token/create", Map.of("ttl", "1h", "renewable", false)).path("auth");
		assertThat(auth.path("renewable").asBoolean()).isFalse();
		assertThat(auth.path("lease_duration").asLong()).isEqualTo(3600);
		VaultAdmin token = this.root.as(auth.path("client_token").asText());
		assertThat(token.exchange("POST", "auth/token/renew-self", Map.of()).body()).contains("not renewable");
		assertThat(token.status("POST", "auth/token/renew-self", Map.of())).isEqualTo(400);
	}

	static String create(VaultAdmin creator, Map<String, Object> request) {
		JsonNode auth = creator.write("auth/token/create", request).path("auth");
		assertThat(auth.path("accessor").asText()).isNotEmpty();
		return auth.path("client_token").asText();
	}

}
