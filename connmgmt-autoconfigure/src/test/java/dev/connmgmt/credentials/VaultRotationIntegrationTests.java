package dev.connmgmt.credentials;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.connmgmt.internal.observability.ConnectionMetrics;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dynamic Vault credentials whose leases hit their max TTL every few seconds rotate under
 * load with no failed request: each rotation retires the old role's connections, revokes
 * its lease once they are gone, and Vault's revocation drops the role. Runs against the
 * Vault dev server, or a real Vault when {@code VAULT_ADDR} and {@code VAULT_TOKEN} are set.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class VaultRotationIntegrationTests {

	private VaultFixture fixture;

	@BeforeEach
	void setUpVault(EmbeddedPostgresServer postgres) {
		this.fixture = VaultFixture.start(postgres);
	}

	@AfterEach
	void stopVault() {
		this.fixture.close();
	}

	@Test
	void threeRotationsUnderLoadFailNoRequestAndDropEveryOldRole(EmbeddedPostgresServer postgres) throws Exception {
		this.fixture.role("orders-app", Duration.ofSeconds(4), Duration.ofSeconds(7));
		// renewing at a quarter of the 4 s lease leaves 3 s for a renewal to land, as a
		// minutes-long lease leaves minutes: a 2 s stall of this machine killed a lease renewed
		// at half of it
		try (ConfigurableApplicationContext context = this.fixture.application("orders")
			.properties("connmgmt.pools.orders.credentials.vault.rotate-at=0.25")
			.run()) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(ConnectionMetrics.class).bindTo(meters);
			CredentialSource source = context.getBean(ManagedDataSource.class)
				.getCredentialSource();
			List<String> roles = new ArrayList<>();
			roles.add(source.current().username());
			try (QueryLoad load = new QueryLoad(jdbc, 8)) {
				for (int rotation = 1; rotation <= 3; rotation++) {
					long generation = source.current().generation();
					await().atMost(Duration.ofSeconds(15)).until(() -> source.current().generation() > generation);
					roles.add(source.current().username());
					String old = roles.get(roles.size() - 2);
					await().atMost(Duration.ofSeconds(10)).until(() -> postgres.backendsOf(old).isEmpty());
					await().atMost(Duration.ofSeconds(10)).until(() -> !this.fixture.roleExists(old));
				}
				load.awaitMore(100);
				assertThat(load.failed()).hasValue(0);
				assertThat(load.served().get()).isGreaterThan(500);
			}
			assertThat(roles).doesNotHaveDuplicates().hasSize(4);
			assertThat(Search.in(meters).name("connmgmt.pool.connections.failed").counters()).isEmpty();
			assertThat(meters.get("connmgmt.pool.credentials.rotations").tags("pool", "orders", "outcome", "success")
				.counter()
				.count()).isGreaterThanOrEqualTo(3);
			await().atMost(Duration.ofSeconds(5)).until(() -> !postgres.backendsOf(source.current().username()).isEmpty());
		}
	}


	@Test
	void theOldLeaseIsRevokedOnceItsLastConnectionClosedNotWhenItExpires(EmbeddedPostgresServer postgres)
			throws Exception {
		this.fixture.role("orders-app", Duration.ofMinutes(5), Duration.ofMinutes(10));
		try (ConfigurableApplicationContext context = this.fixture.application("orders").run()) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CredentialSource source = context.getBean(ManagedDataSource.class)
				.getCredentialSource();
			String old = source.current().username();
			try (QueryLoad load = new QueryLoad(jdbc, 4)) {
				load.awaitMore(100);
				assertThat(source.refresh()).isTrue();
				// the old lease has minutes left: only connmgmt's revocation drops its role now
				await().atMost(Duration.ofSeconds(10)).until(() -> !this.fixture.roleExists(old));
				assertThat(postgres.backendsOf(old)).isEmpty();
				load.awaitMore(100);
				assertThat(load.failed()).hasValue(0);
			}
		}
	}

	@Test
	void withRevokeAfterDrainOffTheOldRoleWaitsForVault(EmbeddedPostgresServer postgres) throws Exception {
		this.fixture.role("orders-app", Duration.ofMinutes(5), Duration.ofMinutes(10));
		try (ConfigurableApplicationContext context = this.fixture.application("orders")
			.properties("connmgmt.pools.orders.credentials.vault.revoke-after-drain=false")
			.run()) {
			CredentialSource source = context.getBean(ManagedDataSource.class)
				.getCredentialSource();
			String old = source.current().username();
			assertThat(source.refresh()).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> postgres.backendsOf(old).isEmpty());
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> this.fixture.roleExists(old));
		}
	}

}
