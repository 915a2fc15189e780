package dev.connmgmt.credentials;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.connmgmt.internal.credentials.ClientCertificateSource;
import dev.connmgmt.internal.credentials.RotationTiming;
import dev.connmgmt.internal.credentials.StaticCredentialSource;
import dev.connmgmt.internal.credentials.VaultCallException;
import dev.connmgmt.internal.credentials.VaultPkiCertificates;
import dev.connmgmt.internal.credentials.VaultSession;
import dev.connmgmt.test.vault.VaultAdmin;
import dev.connmgmt.test.vault.VaultDevServer;
import dev.connmgmt.test.vault.VaultPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Client certificates from the Vault dev server's PKI engine, issued through the same
 * client code as in an application, are replaced before their NotAfter: each is a new
 * credential generation announced to the pool, the password source's username stays the
 * login user, and a Vault outage is retried from the time the certificate has left.
 */
class ClientCertificateRotationTests {

	private VaultDevServer server;

	private ClientCertificateSource source;

	@BeforeEach
	void setUpPki() {
		this.server = VaultDevServer.start();
		VaultPki pki = new VaultPki(VaultAdmin.of(this.server), "pki");
		pki.enable(Duration.ofHours(1));
		pki.generateRoot("connmgmt test CA", Duration.ofMinutes(30));
		pki.clientRole("orders", Duration.ofSeconds(6), Duration.ofMinutes(1), "orders_app");
	}

	@AfterEach
	void stop() {
		if (this.source != null) {
			this.source.close();
		}
		this.server.close();
	}

	@Test
	void eachCertificateIsReplacedBeforeItExpiresAsANewGeneration() {
		this.source = source("pki", "orders");
		Duration lifetime = this.source.start();
		assertThat(lifetime).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(7));
		Credentials first = this.source.current();
		assertThat(first.username()).isEqualTo("orders_app");
		assertThat(first.clientCertificate().commonName()).isEqualTo("orders_app");
		assertThat(first.generation()).isEqualTo(1);
		List<Replacement> replacements = new CopyOnWriteArrayList<>();
		Credentials[] previous = { first };
		this.source.onChange(() -> {
			replacements.add(new Replacement(previous[0], this.source.current(), Instant.now()));
			previous[0] = this.source.current();
		});
		await().atMost(Duration.ofSeconds(25)).until(() -> replacements.size() >= 3);
		for (Replacement replacement : replacements.subList(0, 3)) {
			assertThat(replacement.after().generation()).isEqualTo(replacement.before().generation() + 1);
			assertThat(replacement.after().clientCertificate().serialNumber())
				.isNotEqualTo(replacement.before().clientCertificate().serialNumber());
			assertThat(replacement.at()).isBefore(replacement.before().clientCertificate().notAfter());
		}
		long current = this.source.current().generation();
		assertThat(this.source.timeLeft(current)).isPositive();
		assertThat(this.source.timeLeft(1)).isLessThan(lifetime);
		assertThat(this.source.status().expires()).isEqualTo(this.source.current().clientCertificate().notAfter());
		assertThat(this.source.toString()).contains("orders_app").doesNotContain("PRIVATE");
	}

	@Test
	void aVaultOutageIsRetriedUntilVaultIsBack() {
		this.source = source("pki", "orders");
		this.source.start();
		this.server.unavailable(true);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.source.status().failedAttempts() >= 2);
		assertThat(this.source.status().problem()).contains("client certificate", "503");
		long stuck = this.source.current().generation();
		this.server.unavailable(false);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.source.current().generation() > stuck);
		assertThat(this.source.status().problem()).isNull();
	}

	@Test
	void aRoleThatDoesNotExistFailsTheStart() {
		this.source = source("pki", "nobody");
		assertThatExceptionOfType(VaultCallException.class).isThrownBy(this.source::start)
			.withMessageContaining("pki/issue/nobody")
			.withMessageContaining("unknown role")
			.satisfies((failure) -> assertThat(failure.getKind()).isEqualTo(VaultCallException.Kind.CONFIGURATION));
	}

	private ClientCertificateSource source(String mount, String role) {
		VaultTemplate vault = new VaultTemplate(VaultEndpoint.from(URI.create(this.server.address())),
				new TokenAuthentication(this.server.rootToken()));
		return new ClientCertificateSource("orders", new StaticCredentialSource("orders_app", null),
				new VaultPkiCertificates(vault, new VaultSession(null), mount, role, "orders_app", null),
				new RotationTiming(0.5, Duration.ofMillis(100), Duration.ofSeconds(1)), Duration.ofSeconds(1),
				Clock.systemUTC());
	}

	private record Replacement(Credentials before, Credentials after, Instant at) {
	}

}
