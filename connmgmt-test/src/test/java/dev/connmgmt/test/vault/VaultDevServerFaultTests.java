package dev.connmgmt.test.vault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * What only the dev server has, its fault switches and its root token: these tests always
 * run against a dev server of their own, whatever {@code VAULT_ADDR} says.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class VaultDevServerFaultTests {

	private TestVault vault;

	private VaultDevServer server;

	private VaultAdmin root;

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
	void slowDelaysEveryAnswerWithoutHoldingServerThreadsOrBackgroundExpiry() throws Exception {
		this.vault.defineRole("brief", this.database, "1s", "1s");
		this.vault.configureDatabase(this.postgres, this.database, "app", "brief");
		String username = this.root.read("database/creds/brief").path("data").path("username").asText();
		this.server.slow(Duration.ofSeconds(1));
		ExecutorService clients = Executors.newFixedThreadPool(16);
		long started = System.nanoTime();
		List<Future<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			calls.add(clients.submit(() -> this.root.status("GET", "sys/health", null)));
		}
		assertThat(calls).allSatisfy((call) -> assertThat(call.get(20, TimeUnit.SECONDS)).isEqualTo(200));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		clients.shutdown();
		assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(950)).isLessThan(Duration.ofMillis(3500));
		await().atMost(Duration.ofSeconds(5)).until(() -> !Logins.roleExists(this.postgres, username));
		this.server.slow(Duration.ZERO);
		long again = System.nanoTime();
		assertThat(this.root.status("GET", "sys/health", null)).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofMillis(900));
	}

	@Test
	void anExpiredTokenStopsWorkingAndItsLeasesAreRevokedAtOnce() {
		VaultAdmin token = this.root.as(VaultTokenTests.create(this.root, Map.of("ttl", "1h")));
		VaultAdmin child = this.root.as(VaultTokenTests.create(token, Map.of("ttl", "1h")));
		String username = token.read("database/creds/app").path("data").path("username").asText();
		String childsUsername = child.read("database/creds/app").path("data").path("username").asText();
		this.root.read("database/creds/app");
		assertThat(this.server.leaseCount()).isEqualTo(3);
		this.server.expireToken(tokenOf(token));
		assertThat(Logins.roleExists(this.postgres, username)).isFalse();
		assertThat(Logins.roleExists(this.postgres, childsUsername)).isFalse();
		assertThat(token.status("GET", "auth/token/lookup-self", null)).isEqualTo(403);
		assertThat(child.status("GET", "auth/token/lookup-self", null)).isEqualTo(403);
		assertThat(this.server.leaseCount()).isEqualTo(1);
		assertThat(this.root.status("GET", "auth/token/lookup-self", null)).isEqualTo(200);
	}

	@Test
	void expireTokensExpiresEveryTokenButTheRootToken() {
		VaultAdmin first = this.root.as(VaultTokenTests.create(this.root, Map.of("ttl", "1h")));
		VaultAdmin second = this.root.as(VaultTokenTests.create(this.root, Map.of("ttl", "1h", "no_parent", true)));
		String username = second.read("database/creds/app").path("data").path("username").asText();
		assertThat(this.server.expireTokens()).isEqualTo(2);
		assertThat(first.status("GET", "auth/token/lookup-self", null)).isEqualTo(403);
		assertThat(second.status("GET", "auth/token/lookup-self", null)).isEqualTo(403);
		assertThat(Logins.roleExists(this.postgres, username)).isFalse();
		assertThat(this.root.status("GET", "auth/token/lookup-self", null)).isEqualTo(200);
	}

	@Test
	void onlyALiveTokenWithATtlCanBeExpired() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.server.expireToken(this.server.rootToken()))
			.withMessageNotContaining(this.server.rootToken());
		assertThatIllegalArgumentException().isThrownBy(() -> this.server.expireToken("hvs.secret-guess"))
			.withMessageNotContaining("secret-guess");
	}

	@Test
	void lostLeasesCannotBeRenewedWhileTheirRolesStillLogIn() {
		JsonNode creds = this.root.read("database/creds/app");
		String leaseId = creds.path("lease_id").asText();
		String username = creds.path("data").path("username").asText();
		String password = creds.path("data").path("password").asText();
		assertThat(this.server.leaseCount()).isEqualTo(1);
		assertThat(this.server.loseLeases()).isEqualTo(1);
		assertThat(this.server.leaseCount()).isZero();
		VaultResponse renew = this.root.exchange("PUT", "sys/leases/renew", Map.of("lease_id", leaseId));
		assertThat(renew.status()).isEqualTo(400);
		assertThat(renew.body()).contains("lease not found");
		assertThat(this.root.exchange("PUT", "sys/leases/lookup", Map.of("lease_id", leaseId)).body())
			.contains("invalid lease");
		assertThat(this.root.status("PUT", "sys/leases/revoke", Map.of("lease_id", leaseId))).isEqualTo(204);
		assertThat(Logins.works(this.database, username, password)).isTrue();
		this.vault.close();
		assertThat(Logins.roleExists(this.postgres, username)).isFalse();
	}

	@Test
	void leaseCountCountsLiveLeases() {
		assertThat(this.server.leaseCount()).isZero();
		String leaseId = this.root.read("database/creds/app").path("lease_id").asText();
		this.root.read("database/creds/app");
		assertThat(this.server.leaseCount()).isEqualTo(2);
		this.root.write("sys/leases/revoke", Map.of("lease_id", leaseId));
		assertThat(this.server.leaseCount()).isEqualTo(1);
	}

	private static String tokenOf(VaultAdmin client) {
		return client.read("auth/token/lookup-self").path("data").path("id").asText();
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
		VaultResponse health = this.root.exchange("GET", "sys/health", null);
		assertThat(health.status()).isEqualTo(503);
		assertThat(health.body()).contains("\"sealed\":true");
		assertThat(this.root.exchange("GET", "database/creds/app", null).body()).contains("Vault is sealed");
		this.server.unavailable(false);
		assertThat(this.root.status("GET", "sys/health", null)).isEqualTo(200);
		assertThat(this.root.status("GET", "database/creds/app", null)).isEqualTo(200);
		assertThat(this.root.status("PUT", "sys/leases/lookup", Map.of("lease_id", "none"))).isEqualTo(400);
	}

}
