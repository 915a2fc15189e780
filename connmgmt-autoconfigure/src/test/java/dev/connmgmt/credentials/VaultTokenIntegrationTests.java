package dev.connmgmt.credentials;

import java.time.Duration;

import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.authentication.event.AfterLoginEvent;
import org.springframework.vault.authentication.event.AuthenticationEventMulticaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * Vault revokes every lease with the token that created it (spring-cloud-vault#698). A pool
 * whose application logs in with AppRole tokens that live shorter than its leases follows
 * each new token with new credentials, so the old role can die with the old token.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class VaultTokenIntegrationTests {

	@Test
	void tokensShorterThanTheLeasesAreFollowedByNewCredentials(EmbeddedPostgresServer postgres) throws Exception {
		try (VaultFixture fixture = VaultFixture.start(postgres)) {
			fixture.role("orders-app", Duration.ofSeconds(60), Duration.ofMinutes(5));
			try (ConfigurableApplicationContext context = fixture
				.withAppRole(fixture.application("orders"), Duration.ofSeconds(5), Duration.ofSeconds(7))
				.run(); QueryLoad load = new QueryLoad(context.getBean(JdbcTemplate.class), 4)) {
				CredentialSource source = source(context);
				String first = source.current().username();
				long started = System.nanoTime();
				await().atMost(Duration.ofSeconds(20)).until(() -> source.current().generation() >= 3);
				long twoTokensLater = System.nanoTime() - started;
				await().atMost(Duration.ofSeconds(10)).until(() -> !fixture.roleExists(first));
				long failedWhileTokensChanged = load.failed().get();
				load.awaitMore(200);
				assertThat(load.failed()).as("no failure once the new token's credentials serve")
					.hasValue(failedWhileTokensChanged);
				System.out.printf("token expiry: 2 token changes in %d ms, %d failed requests of %d%n",
						twoTokensLater / 1_000_000, failedWhileTokensChanged, load.served().get());
				assertThat(failedWhileTokensChanged).isZero();
			}
		}
	}

	@Test
	void tokenExpiredWithoutWarningRecoversWithinTenSeconds(EmbeddedPostgresServer postgres) throws Exception {
		try (VaultFixture fixture = VaultFixture.startWithFaults(postgres)) {
			fixture.role("orders-app", Duration.ofSeconds(60), Duration.ofMinutes(5));
			try (ConfigurableApplicationContext context = fixture
				.withAppRole(fixture.application("orders"), Duration.ofMinutes(10), Duration.ofMinutes(20))
				.run(); QueryLoad load = new QueryLoad(context.getBean(JdbcTemplate.class), 4)) {
				CredentialSource source = source(context);
				String first = source.current().username();
				load.awaitMore(100);
				long expired = System.nanoTime();
				// every lease of the application's token is revoked with it: its role is dropped
				assertThat(fixture.server.expireTokens()).isPositive();
				assertThat(fixture.roleExists(first)).isFalse();
				await().atMost(Duration.ofSeconds(10)).until(() -> source.current().generation() >= 2);
				long recovered = System.nanoTime() - expired;
				long failed = load.failed().get();
				load.awaitMore(200);
				assertThat(load.failed()).hasValue(failed);
				System.out.printf("token expired: new credentials after %d ms, %d failed requests%n",
						recovered / 1_000_000, failed);
			}
		}
	}

	@Test
	void closedSourceIgnoresALaterLogin(EmbeddedPostgresServer postgres) {
		try (VaultFixture fixture = VaultFixture.start(postgres)) {
			fixture.role("orders-app", Duration.ofSeconds(60), Duration.ofMinutes(5));
			try (ConfigurableApplicationContext context = fixture.application("orders").run()) {
				VaultCredentialSource source = (VaultCredentialSource) source(context);
				SessionManager sessions = context.getBean(SessionManager.class);
				assertThat(sessions).isInstanceOf(AuthenticationEventMulticaster.class);
				// the pool closed before the session: a login during shutdown reaches nothing of it
				source.close();
				assertThatNoException().isThrownBy(() -> ((AuthenticationEventMulticaster) sessions)
					.multicastEvent(new AfterLoginEvent(sessions.getSessionToken())));
			}
		}
	}

	private static CredentialSource source(ConfigurableApplicationContext context) {
		return context.getBean(ManagedDataSource.class).getConnectionFactory().getCredentialSource();
	}

}
