package dev.connmgmt.credentials;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.connmgmt.actuate.ConnectionsEndpoint;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.test.secrets.IssuedSecrets;
import dev.connmgmt.test.tls.TestCertificateAuthority;
import dev.connmgmt.test.vault.VaultAdmin;
import dev.connmgmt.test.vault.VaultDevServer;
import dev.connmgmt.test.vault.VaultPki;
import dev.connmgmt.testing.BootJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pool that logs in by client certificate ({@code hostssl ... cert}, server verified with
 * {@code verify-full}) to an embedded PostgreSQL that trusts the Vault dev server's PKI CA:
 * certificates of ten seconds, issued through Vault's API, rotate three times under eight
 * threads of load with no failed request, and no session of a certificate is open once
 * that certificate has expired. Neither the certificates nor their keys show in the
 * actuator's answer or the logs.
 */
class ClientCertificateRotationIntegrationTests {

	private static final String USER = "orders_cert";

	private static EmbeddedPostgresServer postgres;

	private static VaultDevServer vault;

	private static TestDatabase database;

	private static JdbcTemplate admin;

	@BeforeAll
	static void startPostgresWithTlsAndVault() {
		postgres = EmbeddedPostgresServer.builder().tls(TestCertificateAuthority.create("connmgmt test server CA")).start();
		vault = VaultDevServer.start();
		VaultPki pki = new VaultPki(VaultAdmin.of(vault), "pki");
		pki.enable(Duration.ofHours(1));
		String clientCa = pki.generateRoot("connmgmt test client CA", Duration.ofMinutes(30));
		pki.clientRole("orders", Duration.ofSeconds(10), Duration.ofMinutes(1), USER);
		database = postgres.createDatabaseWithOwner("certified");
		admin = new JdbcTemplate(postgres.dataSource(database.name(), postgres.superuser(), postgres.superuserPassword()));
		admin.execute("CREATE TABLE orders (id int PRIMARY KEY)");
		admin.execute("INSERT INTO orders SELECT generate_series(1, 100)");
		admin.execute("CREATE ROLE " + USER + " LOGIN");
		admin.execute("GRANT CONNECT ON DATABASE " + database.name() + " TO " + USER);
		admin.execute("GRANT SELECT ON orders TO " + USER);
		postgres.tls().trustClientCertificateAuthorities(clientCa);
		postgres.tls().requireClientCertificate(database.name(), USER);
	}

	@AfterAll
	static void stop() {
		vault.close();
		postgres.close();
	}

	@Test
	void certificatesOfTenSecondsRotateThreeTimesUnderLoadAndNoSessionOutlivesItsCertificate() throws Exception {
		try (ConfigurableApplicationContext context = application().run()) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CredentialSource source = context.getBean(ManagedDataSource.class).getCredentialSource();
			Map<BigInteger, Instant> expiries = new ConcurrentHashMap<>();
			ClientCertificate first = source.current().clientCertificate();
			expiries.put(first.serialNumber(), first.notAfter());
			assertThat(first.commonName()).isEqualTo(USER);
			List<Sighting> sightings = new CopyOnWriteArrayList<>();
			ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
			watch.scheduleWithFixedDelay(() -> {
				List<BigInteger> serials = serialsInSession();
				Instant now = Instant.now();
				serials.forEach((serial) -> sightings.add(new Sighting(serial, now)));
			}, 0, 100, TimeUnit.MILLISECONDS);
			try (QueryLoad load = new QueryLoad(jdbc, 8)) {
				for (int rotation = 1; rotation <= 3; rotation++) {
					ClientCertificate old = source.current().clientCertificate();
					await().atMost(Duration.ofSeconds(15))
						.until(() -> source.current().clientCertificate() != old);
					ClientCertificate fresh = source.current().clientCertificate();
					expiries.put(fresh.serialNumber(), fresh.notAfter());
					await().atMost(Duration.ofSeconds(10)).until(() -> !serialsInSession().contains(old.serialNumber()));
					assertThat(Instant.now()).as("old sessions gone before the old certificate expired")
						.isBefore(old.notAfter());
				}
				load.awaitMore(200);
				assertThat(load.failed()).hasValue(0);
				assertThat(load.served().get()).isGreaterThan(500);
			}
			finally {
				watch.shutdownNow();
			}
			assertThat(expiries).hasSize(4);
			assertThat(sightings).hasSizeGreaterThan(100);
			assertThat(sightings).as("sessions seen at or after their certificate's expiry")
				.noneMatch((sighting) -> !expiries.containsKey(sighting.serial())
						|| !sighting.at().isBefore(expiries.get(sighting.serial())));
			assertThat(serialsInSession()).containsOnly(source.current().clientCertificate().serialNumber());
			String connections = BootJson.write(context.getBean(ConnectionsEndpoint.class).connections());
			assertThat(connections).contains("\"clientCertificate\"", "\"commonName\":\"" + USER + "\"");
			IssuedSecrets.scan("actuator connections with a client certificate", connections);
			IssuedSecrets.scan("client certificate source", source + " " + source.current());
		}
		assertThat(IssuedSecrets.leaks()).isEmpty();
	}

	private SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(VaultTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("spring.cloud.vault.uri=" + vault.address(), "spring.cloud.vault.token=" + vault.rootToken(),
					"connmgmt.pools.orders.url=" + database.jdbcUrl() + "?" + postgres.tls().verifyFullParameters(),
					"connmgmt.pools.orders.username=" + USER, "connmgmt.pools.orders.maximum-pool-size=6",
					"connmgmt.pools.orders.tls.client-certificate.source=vault",
					"connmgmt.pools.orders.tls.client-certificate.vault.role=orders",
					"connmgmt.pools.orders.tls.client-certificate.vault.rotate-at=0.5",
					"management.endpoints.access.default=read-only", "management.endpoints.jmx.exposure.include=connections",
					"spring.jmx.enabled=true");
	}

	private static List<BigInteger> serialsInSession() {
		return admin.queryForList("SELECT s.client_serial::text FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)"
				+ " WHERE a.usename = ? AND s.client_serial IS NOT NULL", String.class, USER)
			.stream()
			.map(BigInteger::new)
			.toList();
	}

	/**
	 * A session of the pool's login user seen with a certificate's serial number.
	 */
	private record Sighting(BigInteger serial, Instant at) {
	}

}
