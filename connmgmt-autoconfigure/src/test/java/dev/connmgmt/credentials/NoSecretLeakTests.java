package dev.connmgmt.credentials;

import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;

import dev.connmgmt.actuate.ConnectionsEndpoint;
import dev.connmgmt.internal.observability.ConnectionMetrics;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.test.postgres.TestRole;
import dev.connmgmt.test.secrets.IssuedSecrets;
import dev.connmgmt.test.tls.TestCertificateAuthority;
import dev.connmgmt.test.vault.VaultAdmin;
import dev.connmgmt.test.vault.VaultDevServer;
import dev.connmgmt.test.vault.VaultPki;
import dev.connmgmt.testing.BootHealth;
import dev.connmgmt.testing.BootJson;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * No password issued anywhere in this suite — embedded PostgreSQL roles and the Vault dev
 * server's credentials are all recorded as they are issued — appears in a log event of any
 * test, in an actuator response, or in an exception the application threw. Runs after every
 * other test class of the module, adding a scenario of its own with DEBUG logging on:
 * rotating Vault credentials, a static pool, and a pool with a wrong password; and, for
 * private keys and certificates from the Vault dev server's PKI engine, a pool logging in by
 * rotating client certificates and one whose certificate the database refuses.
 */
@Order(Integer.MAX_VALUE)
@ExtendWith(EmbeddedPostgresExtension.class)
class NoSecretLeakTests {

	@Test
	void theScanFindsARecordedSecretInsideOtherText() {
		String secret = UUID.randomUUID().toString();
		assertThat(IssuedSecrets.contains("login as app with " + secret + " failed")).isFalse();
		IssuedSecrets.record(secret);
		assertThat(IssuedSecrets.contains("login as app with " + secret + " failed")).isTrue();
		assertThat(IssuedSecrets.contains("login as app with " + secret.substring(1) + " failed")).isFalse();
	}

	@Test
	void noIssuedPasswordAppearsInLogsActuatorOutputOrExceptions(EmbeddedPostgresServer postgres) throws Exception {
		try (VaultFixture fixture = VaultFixture.start(postgres)) {
			fixture.role("orders-app", Duration.ofSeconds(3), Duration.ofSeconds(5));
			TestRole reporting = postgres.createRole("reporting");
			fixture.admin.execute("GRANT CONNECT ON DATABASE " + fixture.database.name() + " TO " + reporting.name());
			try (ConfigurableApplicationContext context = fixture.application("orders")
				.properties("connmgmt.pools.orders.primary=true",
						"connmgmt.pools.reporting.url=" + fixture.database.jdbcUrl(),
						"connmgmt.pools.reporting.username=" + reporting.name(),
						"connmgmt.pools.reporting.password=" + reporting.password(),
						"connmgmt.pools.refused.url=" + fixture.database.jdbcUrl(),
						"connmgmt.pools.refused.username=" + reporting.name(),
						"connmgmt.pools.refused.password=" + UUID.randomUUID(), "connmgmt.pools.refused.lazy=true",
						"connmgmt.pools.refused.connection-timeout=1s",
						"connmgmt.pools.refused.validation-timeout=500ms", "management.endpoints.access.default=read-only",
						"management.endpoints.jmx.exposure.include=*", "spring.jmx.enabled=true",
						"logging.level.dev.connmgmt=debug", "logging.level.org.springframework.vault=debug",
						"logging.level.com.zaxxer.hikari=debug")
				.run()) {
				String refusedPassword = context.getEnvironment().getProperty("connmgmt.pools.refused.password");
				IssuedSecrets.record(refusedPassword);
				MeterRegistry meters = new SimpleMeterRegistry();
				context.getBean(ConnectionMetrics.class).bindTo(meters);
				JdbcTemplate orders = context.getBean(JdbcTemplate.class);
				ManagedDataSource source = context.getBean("ordersDataSource", ManagedDataSource.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> {
					orders.queryForObject("SELECT count(*) FROM orders", Integer.class);
					return source.getCredentialSource().current().generation() >= 3;
				});
				try (Connection connection = context.getBean("reportingDataSource", ManagedDataSource.class)
					.getConnection()) {
					assertThat(connection.isValid(1)).isTrue();
				}
				assertThatException().isThrownBy(() -> {
					try (Connection connection = context.getBean("refusedDataSource", ManagedDataSource.class)
						.getConnection()) {
						connection.isValid(1);
					}
				}).satisfies((failure) -> IssuedSecrets.scan("exception from pool 'refused'", failure));
				IssuedSecrets.scan("actuator connections",
						BootJson.write(context.getBean(ConnectionsEndpoint.class).connections()));
				IssuedSecrets.scan("actuator health",
						BootJson.write(BootHealth.whole(context)));
				StringBuilder meterIds = new StringBuilder();
				meters.forEachMeter((meter) -> meterIds.append(meter.getId()).append('\n'));
				IssuedSecrets.scan("metrics", meterIds.toString());
				IssuedSecrets.scan("pool descriptions", source + " " + source.getRedactedUrl() + " "
						+ source.getCredentialSource() + " "
						+ source.getCredentialSource().current());
			}
		}
		assertThat(IssuedSecrets.count()).as("passwords issued in this suite").isGreaterThan(5);
		assertThat(IssuedSecrets.scannedCharacters()).isGreaterThan(20_000);
		assertThat(IssuedSecrets.leaks()).isEmpty();
	}

	@Test
	void noIssuedKeyOrCertificateAppearsInLogsActuatorOutputOrExceptions() throws Exception {
		String user = "leak_cert";
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.builder()
			.tls(TestCertificateAuthority.create("connmgmt leak scan server CA"))
			.start(); VaultDevServer vault = VaultDevServer.start()) {
			VaultPki pki = new VaultPki(VaultAdmin.of(vault), "pki");
			pki.enable(Duration.ofHours(1));
			String clientCa = pki.generateRoot("connmgmt leak scan client CA", Duration.ofMinutes(30));
			pki.clientRole("leak", Duration.ofSeconds(4), Duration.ofMinutes(1), user, "stranger");
			TestDatabase database = postgres.createDatabaseWithOwner("leaks");
			JdbcTemplate admin = new JdbcTemplate(
					postgres.dataSource(database.name(), postgres.superuser(), postgres.superuserPassword()));
			admin.execute("CREATE ROLE " + user + " LOGIN");
			admin.execute("GRANT CONNECT ON DATABASE " + database.name() + " TO " + user);
			postgres.tls().trustClientCertificateAuthorities(clientCa);
			postgres.tls().requireClientCertificate(database.name(), user);
			postgres.tls().requireClientCertificate(database.name(), "stranger");
			int recorded = IssuedSecrets.count();
			String url = database.jdbcUrl() + "?" + postgres.tls().verifyFullParameters();
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(VaultTestApplication.class)
				.web(WebApplicationType.NONE)
				.logStartupInfo(false)
				.properties("spring.cloud.vault.uri=" + vault.address(), "spring.cloud.vault.token=" + vault.rootToken(),
						"connmgmt.pools.certified.primary=true", "connmgmt.pools.certified.url=" + url,
						"connmgmt.pools.certified.username=" + user,
						"connmgmt.pools.certified.tls.client-certificate.source=vault",
						"connmgmt.pools.certified.tls.client-certificate.vault.role=leak",
						"connmgmt.pools.certified.tls.client-certificate.vault.rotate-at=0.5",
						"connmgmt.pools.stranger.url=" + url, "connmgmt.pools.stranger.username=stranger",
						"connmgmt.pools.stranger.lazy=true", "connmgmt.pools.stranger.connection-timeout=1s",
						"connmgmt.pools.stranger.validation-timeout=500ms",
						"connmgmt.pools.stranger.tls.client-certificate.source=vault",
						"connmgmt.pools.stranger.tls.client-certificate.vault.role=leak",
						"management.endpoints.access.default=read-only",
						"management.endpoints.jmx.exposure.include=*", "spring.jmx.enabled=true",
						"logging.level.dev.connmgmt=debug", "logging.level.org.springframework.vault=debug",
						"logging.level.com.zaxxer.hikari=debug", "logging.level.org.postgresql=debug")
				.run()) {
				ManagedDataSource certified = context.getBean("certifiedDataSource", ManagedDataSource.class);
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				await().atMost(Duration.ofSeconds(15)).until(() -> {
					jdbc.queryForObject("SELECT 1", Integer.class);
					return certified.getCredentialSource().current().generation() >= 3;
				});
				assertThatException().isThrownBy(() -> {
					try (Connection connection = context.getBean("strangerDataSource", ManagedDataSource.class)
						.getConnection()) {
						connection.isValid(1);
					}
				}).satisfies((failure) -> IssuedSecrets.scan("exception from pool 'stranger'", failure));
				String connections = BootJson.write(context.getBean(ConnectionsEndpoint.class).connections());
				assertThat(connections).contains("\"clientCertificate\"");
				IssuedSecrets.scan("actuator connections", connections);
				IssuedSecrets.scan("actuator health", BootJson.write(BootHealth.whole(context)));
				IssuedSecrets.scan("pool descriptions", certified + " " + certified.getCredentialSource() + " "
						+ certified.getCredentialSource().current() + " " + certified.getCredentialSource().status());
			}
			assertThat(IssuedSecrets.count() - recorded).as("key and certificate runs recorded").isGreaterThan(20);
		}
		assertThat(IssuedSecrets.leaks()).isEmpty();
	}

}
