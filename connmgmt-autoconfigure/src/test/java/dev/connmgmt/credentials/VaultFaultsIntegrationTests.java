package dev.connmgmt.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.connmgmt.internal.observability.ConnectionMetrics;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.testing.BootHealth;
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
 * What happens to Vault credentials when things go wrong: Vault unavailable for a while or
 * for longer than the credentials live, a role dropped behind the application's back, and a
 * second pool that must not notice the first one rotating.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class VaultFaultsIntegrationTests {

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
	void vaultUnavailableForLessThanTheTimeLeftFailsNoRequest() throws Exception {
		this.fixture.role("orders-app", Duration.ofSeconds(10), Duration.ofMinutes(5));
		try (ConfigurableApplicationContext context = this.fixture.application("orders").run();
				QueryLoad load = new QueryLoad(context.getBean(JdbcTemplate.class), 4)) {
			CredentialSource source = source(context);
			CredentialStatus before = source.status();
			Instant renewal = before.nextRotation();
			await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(renewal.minusMillis(500)));
			this.fixture.server.unavailable(true);
			await().atMost(Duration.ofSeconds(10)).until(() -> source.status().failedAttempts() >= 2);
			this.fixture.server.unavailable(false);
			await().atMost(Duration.ofSeconds(5)).until(() -> source.status().problem() == null);
			CredentialStatus after = source.status();
			assertThat(after.expires()).isAfter(before.expires());
			assertThat(after.generation()).isEqualTo(before.generation());
			load.awaitMore(100);
			assertThat(before.expires()).isAfter(Instant.now().minusSeconds(60));
			assertThat(load.failed()).hasValue(0);
		}
	}

	@Test
	void vaultUnavailableForLongerThanTheTtlTakesHealthDownBeforeExpiryAndRecoversByItself() throws Exception {
		this.fixture.role("orders-app", Duration.ofSeconds(6), Duration.ofMinutes(5));
		try (ConfigurableApplicationContext context = this.fixture.application("orders").run()) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CredentialSource source = source(context);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM orders", Integer.class)).isEqualTo(100);
			this.fixture.server.unavailable(true);
			Instant expires = source.status().expires();
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> "DOWN".equals(status(context)));
			Instant down = Instant.now();
			assertThat(down).as("health DOWN before the credentials expire at %s", expires).isBefore(expires);
			assertThat(BootHealth.of(context, "connections", "orders").details().get("outage").toString())
				.contains("could not be replaced");
			await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expires.plusSeconds(1)));
			this.fixture.server.unavailable(false);
			await().atMost(Duration.ofSeconds(10)).until(() -> "UP".equals(status(context)));
			assertThat(jdbc.queryForObject("SELECT count(*) FROM orders", Integer.class)).isEqualTo(100);
			assertThat(source.status().generation()).isGreaterThan(1);
		}
	}

	@Test
	void slowVaultAcrossRotationsFailsNoRequest() throws Exception {
		this.fixture.role("orders-app", Duration.ofSeconds(5), Duration.ofSeconds(8));
		try (ConfigurableApplicationContext context = this.fixture.application("orders").run();
				QueryLoad load = new QueryLoad(context.getBean(JdbcTemplate.class), 4)) {
			CredentialSource source = source(context);
			// every Vault answer takes 1.5 s: only the rotation loop waits for it, never a query
			this.fixture.server.slow(Duration.ofMillis(1500));
			await().atMost(Duration.ofSeconds(20)).until(() -> source.current().generation() >= 3);
			this.fixture.server.slow(Duration.ZERO);
			load.awaitMore(100);
			assertThat(load.failed()).hasValue(0);
		}
	}

	@Test
	void leasesVaultLostAreReplacedWithoutAFailedRequest() throws Exception {
		this.fixture.role("orders-app", Duration.ofSeconds(10), Duration.ofMinutes(5));
		try (ConfigurableApplicationContext context = this.fixture.application("orders").run();
				QueryLoad load = new QueryLoad(context.getBean(JdbcTemplate.class), 4)) {
			CredentialSource source = source(context);
			load.awaitMore(100);
			// Vault restored from a backup: it no longer knows the lease, whose role still works
			assertThat(this.fixture.server.loseLeases()).isPositive();
			await().atMost(Duration.ofSeconds(15)).until(() -> source.current().generation() == 2);
			load.awaitMore(100);
			assertThat(load.failed()).hasValue(0);
			assertThat(source.status().problem()).isNull();
		}
	}

	@Test
	void roleDroppedByAnAdministratorIsReplacedAndServiceResumes() throws Exception {
		this.fixture.role("orders-app", Duration.ofMinutes(2), Duration.ofMinutes(5));
		try (ConfigurableApplicationContext context = this.fixture.application("orders").run();
				QueryLoad load = new QueryLoad(context.getBean(JdbcTemplate.class), 2)) {
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(ConnectionMetrics.class).bindTo(meters);
			CredentialSource source = source(context);
			String role = source.current().username();
			load.awaitMore(50);
			long dropped = System.nanoTime();
			this.fixture.admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
			this.fixture.admin.execute("DROP OWNED BY \"" + role + "\"");
			this.fixture.admin.execute("DROP ROLE \"" + role + "\"");
			await().atMost(Duration.ofSeconds(1))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> Search.in(meters)
					.name("connmgmt.pool.connections.failed")
					.tag("category", "authentication")
					.counter() != null);
			long classified = System.nanoTime() - dropped;
			await().atMost(Duration.ofSeconds(5)).until(() -> source.current().generation() == 2);
			long replaced = System.nanoTime() - dropped;
			load.awaitMore(200);
			long failedDuringOutage = load.failed().get();
			long servedAfter = load.served().get();
			load.awaitMore(200);
			assertThat(load.failed()).as("no failure once the new role serves").hasValue(failedDuringOutage);
			assertThat(load.served().get()).isGreaterThan(servedAfter);
			assertThat(Duration.ofNanos(classified)).isLessThan(Duration.ofSeconds(1));
			System.out.printf("role dropped: authentication error classified after %d ms, new credentials after %d ms,"
					+ " %d failed requests (first: %s)%n", classified / 1_000_000, replaced / 1_000_000, failedDuringOutage,
					load.firstFailures());
		}
	}

	@Test
	void credentialsTheDatabaseKeepsRefusingAreRefreshedAtMostOncePerInterval() {
		// a role definition that creates users who may not log in: every credential is refused
		this.fixture.vault.dynamicRole("database", "orders-app", this.fixture.database.name(), Duration.ofMinutes(2),
				Duration.ofMinutes(5), "ALTER ROLE \"{{name}}\" NOLOGIN");
		try (ConfigurableApplicationContext context = this.fixture.application("orders")
			.properties("connmgmt.pools.orders.lazy=true", "connmgmt.pools.orders.connection-timeout=500ms",
					"connmgmt.pools.orders.validation-timeout=250ms")
			.run()) {
			CredentialSource source = source(context);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			long started = System.nanoTime();
			int refused = 0;
			while (System.nanoTime() - started < Duration.ofSeconds(4).toNanos()) {
				try {
					jdbc.queryForObject("SELECT 1", Integer.class);
				}
				catch (RuntimeException ex) {
					refused++;
				}
			}
			long generations = source.current().generation();
			assertThat(refused).isPositive();
			// one refresh per refused generation, at most one per second (min-refresh-interval)
			assertThat(generations).isBetween(2L, 6L);
		}
	}

	@Test
	void rotatingOnePoolEvictsNothingInAnother(EmbeddedPostgresServer postgres) throws Exception {
		this.fixture.role("orders-app", Duration.ofSeconds(2), Duration.ofSeconds(4));
		this.fixture.role("billing-app", Duration.ofMinutes(2), Duration.ofMinutes(5));
		try (ConfigurableApplicationContext context = this.fixture.application("orders", "billing")
			.properties("connmgmt.pools.orders.primary=true", "connmgmt.pools.billing.minimum-idle=3",
					"connmgmt.pools.billing.maximum-pool-size=3")
			.run()) {
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(ConnectionMetrics.class).bindTo(meters);
			ManagedDataSource orders = context.getBean("ordersDataSource", ManagedDataSource.class);
			ManagedDataSource billing = context.getBean("billingDataSource", ManagedDataSource.class);
			String billingRole = billing.getCredentialSource().current().username();
			await().atMost(Duration.ofSeconds(5)).until(() -> postgres.backendsOf(billingRole).size() == 3);
			List<Integer> billingBackends = postgres.backendsOf(billingRole).stream().map((b) -> b.pid()).sorted().toList();
			long generation = orders.getCredentialSource().current().generation();
			await().atMost(Duration.ofSeconds(15))
				.until(() -> orders.getCredentialSource().current().generation() >= generation + 2);
			assertThat(postgres.backendsOf(billingRole).stream().map((b) -> b.pid()).sorted().toList())
				.isEqualTo(billingBackends);
			assertThat(billing.getCredentialSource().current().generation()).isEqualTo(1);
			assertThat(Search.in(meters).name("connmgmt.pool.connections.retired").tag("pool", "billing").counters())
				.isEmpty();
			assertThat(meters.get("connmgmt.pool.connections.retired").tags("pool", "orders").counter().count())
				.isGreaterThan(0);
		}
	}

	@Test
	void idlePoolWhoseCredentialsPassedTheirMaxTtlServesTheFirstRequest() {
		this.fixture.role("orders-app", Duration.ofSeconds(2), Duration.ofSeconds(3));
		try (ConfigurableApplicationContext context = this.fixture.application("orders")
			.properties("connmgmt.pools.orders.minimum-idle=1")
			.run()) {
			CredentialSource source = source(context);
			String first = source.current().username();
			await().atMost(Duration.ofSeconds(15)).until(() -> source.current().generation() >= 3);
			await().atMost(Duration.ofSeconds(5)).until(() -> !this.fixture.roleExists(first));
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM orders", Integer.class)).isEqualTo(100);
		}
	}

	private static String status(ConfigurableApplicationContext context) {
		return BootHealth.of(context, "connections", "orders").status();
	}

	private static CredentialSource source(ConfigurableApplicationContext context) {
		return context.getBean(ManagedDataSource.class).getCredentialSource();
	}

}
