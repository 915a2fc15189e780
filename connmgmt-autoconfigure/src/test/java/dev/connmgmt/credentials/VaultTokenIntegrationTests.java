package dev.connmgmt.credentials;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.connmgmt.internal.credentials.RotationTiming;
import dev.connmgmt.internal.credentials.VaultCredentialSource;
import dev.connmgmt.internal.credentials.VaultDatabaseCredentials;
import dev.connmgmt.internal.credentials.VaultSession;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.vault.authentication.AuthenticationEventPublisher;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.authentication.event.AfterLoginEvent;
import org.springframework.vault.authentication.event.AuthenticationEventMulticaster;
import org.springframework.vault.client.RestTemplateBuilder;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultToken;

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
				assertThat(failedWhileTokensChanged).as(load::firstFailures).isZero();
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
				assertThat(load.failed()).as(load::firstFailures).hasValue(failed);
				System.out.printf("token expired: new credentials after %d ms, %d failed requests (first: %s)%n",
						recovered / 1_000_000, failed, load.firstFailures());
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

	@Test
	void leaseIsAttributedToTheTokenThatObtainedIt(EmbeddedPostgresServer postgres) {
		try (VaultFixture fixture = VaultFixture.start(postgres)) {
			fixture.role("orders-app", Duration.ofSeconds(60), Duration.ofMinutes(5));
			ReloggingSession sessions = new ReloggingSession(fixture);
			try (VaultCredentialSource source = sessions.source()) {
				source.start();
				sessions.reloginAfterRead.set(true);
				assertThat(source.refresh()).isTrue();
				// generation 2 was leased with the token the session just replaced: Vault revokes
				// it with that token, so the new token must be followed by new credentials
				await().atMost(Duration.ofSeconds(5)).until(() -> source.current().generation() >= 3);
			}
		}
	}

	@Test
	void loginWhileTheFirstCredentialsAreReadIsFollowed(EmbeddedPostgresServer postgres) {
		try (VaultFixture fixture = VaultFixture.start(postgres)) {
			fixture.role("orders-app", Duration.ofSeconds(60), Duration.ofMinutes(5));
			ReloggingSession sessions = new ReloggingSession(fixture);
			try (VaultCredentialSource source = sessions.source()) {
				sessions.reloginAfterRead.set(true);
				source.start();
				await().atMost(Duration.ofSeconds(5)).until(() -> source.current().generation() >= 2);
			}
		}
	}

	private static String childToken(VaultFixture fixture) {
		return fixture.vault.write("auth/token/create", Map.of("ttl", "10m")).at("/auth/client_token").asText();
	}

	private static CredentialSource source(ConfigurableApplicationContext context) {
		return context.getBean(ManagedDataSource.class).getCredentialSource();
	}

	/**
	 * A session whose token the test replaces, telling listeners as Spring Vault's sessions
	 * do; armed, it logs in anew the moment Vault answered a read of credentials.
	 */
	static final class ReloggingSession extends AuthenticationEventPublisher implements SessionManager {

		final AtomicBoolean reloginAfterRead = new AtomicBoolean();

		private final VaultFixture fixture;

		private volatile VaultToken token;

		ReloggingSession(VaultFixture fixture) {
			this.fixture = fixture;
			this.token = VaultToken.of(childToken(fixture));
		}

		@Override
		public VaultToken getSessionToken() {
			return this.token;
		}

		VaultCredentialSource source() {
			RestTemplateBuilder rest = RestTemplateBuilder.builder()
				.endpoint(VaultEndpoint.from(URI.create(this.fixture.vault.address())))
				.customizers((template) -> template.getInterceptors().add((request, body, execution) -> {
					ClientHttpResponse response = execution.execute(request, body);
					if (request.getURI().getPath().endsWith("/database/creds/orders-app")
							&& this.reloginAfterRead.getAndSet(false)) {
						this.token = VaultToken.of(childToken(this.fixture));
						multicastEvent(new AfterLoginEvent(this.token));
					}
					return response;
				}));
			VaultSession session = new VaultSession(this);
			return new VaultCredentialSource("orders",
					new VaultDatabaseCredentials(new VaultTemplate(rest, this), session, "database", "orders-app",
							false),
					session, new VaultCredentialSource.Settings(false,
							new RotationTiming(0.5, Duration.ofMillis(100), Duration.ofSeconds(1)), true,
							Duration.ofSeconds(1)),
					Clock.systemUTC());
		}

	}

}
