package dev.connmgmt.credentials;

import java.time.Duration;

import javax.sql.DataSource;

import dev.connmgmt.lifecycle.CredentialsStartException;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import dev.connmgmt.lifecycle.RecordingFailureAnalysisReporter;
import dev.connmgmt.pool.HikariConfigCustomizer;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A pool on Vault credentials checks at startup what it can only learn from Vault: that the
 * role exists and Vault answers, and that work on replaced credentials can finish before
 * their lease ends; leases of a few seconds need nothing accepted. Each failure is a failure analysis naming the property and the fix.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class VaultStartupIntegrationTests {

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
	void threeSecondLeasesStartWithEveryCheckOn() {
		this.fixture.role("orders-app", Duration.ofSeconds(3), Duration.ofHours(1));
		try (ConfigurableApplicationContext context = this.fixture.application("orders")
			.properties("connmgmt.pools.orders.credentials.vault.rotate-at=0.7")
			.run()) {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean("ordersDataSource", DataSource.class));
			assertThat(jdbc.queryForObject("SELECT current_user", String.class)).startsWith("v-");
		}
	}

	@Test
	void requestLongerThanWhatTheLeaseLeavesAfterRotatingFailsStartupNamingTheRule() {
		this.fixture.role("orders-app", Duration.ofSeconds(10), Duration.ofHours(1));
		FailureAnalysis analysis = failedStartup(this.fixture.application("orders")
			.properties("connmgmt.pools.orders.credentials.vault.rotate-at=0.7",
					"connmgmt.pools.orders.timeouts.request=5s"));
		assertThat(analysis.getCause()).isInstanceOf(InvalidPoolConfigurationException.class);
		assertThat(((InvalidPoolConfigurationException) analysis.getCause()).getProperty())
			.isEqualTo("connmgmt.pools.orders.credentials.vault.rotate-at");
		assertThat(analysis.getDescription()).contains("at 70% of their 10s lease")
			.contains("which leaves 3s")
			.contains("'connmgmt.pools.orders.timeouts.request' lets a request run 5s");
		assertThat(analysis.getAction()).contains("raise the default_ttl of role 'orders-app'")
			.contains("connmgmt.validation.accept=drain-within-lease");
	}

	@Test
	void acceptedDrainRuleStartsWithTheSameSettings() {
		this.fixture.role("orders-app", Duration.ofSeconds(10), Duration.ofHours(1));
		this.fixture.application("orders")
			.properties("connmgmt.pools.orders.credentials.vault.rotate-at=0.7",
					"connmgmt.pools.orders.timeouts.request=5s", "connmgmt.validation.accept=drain-within-lease")
			.run()
			.close();
	}

	@Test
	void unknownRoleFailsStartupSayingWhichPathVaultRefused() {
		FailureAnalysis analysis = failedStartup(this.fixture.application("orders"));
		assertThat(analysis.getCause()).isInstanceOf(CredentialsStartException.class);
		assertThat(analysis.getDescription()).contains("Pool 'orders'").contains("database/creds/orders-app");
		assertThat(analysis.getAction()).contains("'connmgmt.pools.orders.credentials.vault.role' names a role");
	}

	@Test
	void unreachableVaultFailsStartupSayingSo() {
		this.fixture.role("orders-app", Duration.ofMinutes(20), Duration.ofHours(1));
		FailureAnalysis analysis = failedStartup(
				this.fixture.application("orders").properties("spring.cloud.vault.uri=http://127.0.0.1:9"));
		assertThat(analysis.getCause()).isInstanceOf(CredentialsStartException.class);
		assertThat(analysis.getDescription()).contains("could not be reached");
		assertThat(analysis.getAction()).contains("reachable and unsealed");
	}

	@Test
	void aPoolThatFailsAfterReadingItsCredentialsGivesTheirLeaseBack() {
		this.fixture.role("orders-app", Duration.ofMinutes(20), Duration.ofHours(1));
		int rolesBefore = vaultRoles();
		// the credentials are read, then the application's own customizer fails the pool
		HikariConfigCustomizer failing = (pool, config) -> {
			throw new IllegalStateException("customizer refuses pool " + pool);
		};
		assertThatException()
			.isThrownBy(() -> this.fixture.application("orders")
				.initializers((context) -> context.getBeanFactory().registerSingleton("failingCustomizer", failing))
				.run()
				.close())
			.havingRootCause()
			.withMessage("customizer refuses pool orders");
		assertThat(vaultRoles()).as("database roles Vault created and did not revoke").isEqualTo(rolesBefore);
		if (this.fixture.server != null) {
			assertThat(this.fixture.server.leaseCount()).as("leases left").isZero();
		}
	}

	private int vaultRoles() {
		return this.fixture.admin.queryForObject("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'v-%'",
				Integer.class);
	}

	private static FailureAnalysis failedStartup(SpringApplicationBuilder application) {
		RecordingFailureAnalysisReporter.take();
		assertThatException().isThrownBy(() -> application.run().close());
		FailureAnalysis analysis = RecordingFailureAnalysisReporter.take();
		assertThat(analysis).as("failure analysis").isNotNull();
		return analysis;
	}

}
