package dev.connmgmt.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import dev.connmgmt.actuate.ConnectionsEndpoint;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.testing.BootHealth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Vault work never blocks callers: the connection adder, health probes and the
 * {@code connections} endpoint read the credentials the source holds while only the
 * rotation loop waits on Vault.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class VaultCallersIntegrationTests {

	private static final Duration AT_ONCE = Duration.ofMillis(100);

	private VaultFixture fixture;

	@BeforeEach
	void setUpVault(EmbeddedPostgresServer postgres) {
		this.fixture = VaultFixture.startWithFaults(postgres);
	}

	@AfterEach
	void stopVault() {
		this.fixture.close();
	}

	@Test
	void expiredLeaseIsReadAtOnceWhileVaultIsSlow() {
		this.fixture.role("orders-app", Duration.ofSeconds(2), Duration.ofMinutes(5));
		try (ConfigurableApplicationContext context = this.fixture.application("orders")
			.properties("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=connections")
			.run()) {
			CredentialSource source = source(context);
			ConnectionsEndpoint endpoint = context.getBean(ConnectionsEndpoint.class);
			Instant expires = source.status().expires();
			this.fixture.server.slow(Duration.ofSeconds(8));
			await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(expires.plusMillis(200)));
			assertThat(source.status().expires()).isBefore(Instant.now());
			assertThat(elapsed(source::current)).isLessThan(AT_ONCE);
			assertThat(elapsed(source::current)).isLessThan(AT_ONCE);
			assertThat(elapsed(source::status)).isLessThan(AT_ONCE);
			assertThat(elapsed(() -> BootHealth.of(context, "connections", "orders"))).isLessThan(AT_ONCE);
			assertThat(elapsed(() -> endpoint.pool("orders"))).isLessThan(AT_ONCE);
			this.fixture.server.slow(Duration.ZERO);
			await().atMost(Duration.ofSeconds(20)).until(() -> source.status().expires().isAfter(Instant.now()));
		}
	}

	@Test
	void callersOfAnExpiredLeaseDoNotMultiplyVaultReads() {
		this.fixture.role("orders-app", Duration.ofSeconds(2), Duration.ofMinutes(5));
		try (ConfigurableApplicationContext context = this.fixture.application("orders").run()) {
			CredentialSource source = source(context);
			Instant expires = source.status().expires();
			this.fixture.server.unavailable(true);
			await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(expires.plusMillis(200)));
			long failedBefore = source.status().failedAttempts();
			for (int i = 0; i < 200; i++) {
				source.current();
			}
			long failedAfter = source.status().failedAttempts();
			// the loop retries about once a second on its own once the lease expired
			assertThat(failedAfter - failedBefore).isLessThanOrEqualTo(3);
			this.fixture.server.unavailable(false);
			await().atMost(Duration.ofSeconds(10)).until(() -> source.status().problem() == null);
		}
	}

	private static Duration elapsed(Supplier<?> call) {
		long started = System.nanoTime();
		call.get();
		return Duration.ofNanos(System.nanoTime() - started);
	}

	private static CredentialSource source(ConfigurableApplicationContext context) {
		return context.getBean(ManagedDataSource.class).getCredentialSource();
	}

}
