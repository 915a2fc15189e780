package dev.connmgmt.credentials;

import java.time.Duration;

import dev.connmgmt.lifecycle.CredentialsStartException;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import dev.connmgmt.lifecycle.RecordingFailureAnalysisReporter;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A pool on Vault credentials checks at startup what it can only learn from Vault: that the
 * role exists and Vault answers, and that its connections are recycled before a lease can
 * expire. Each failure is a failure analysis naming the property and the fix.
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
	void maxLifetimeLongerThanTheLeaseFailsStartupNamingBothValues() {
		this.fixture.role("orders-app", Duration.ofMinutes(20), Duration.ofHours(1));
		FailureAnalysis analysis = failedStartup(this.fixture.application("orders")
			.properties("connmgmt.validation.mode=fail"));
		assertThat(analysis.getCause()).isInstanceOf(InvalidPoolConfigurationException.class);
		assertThat(((InvalidPoolConfigurationException) analysis.getCause()).getProperty())
			.isEqualTo("connmgmt.pools.orders.max-lifetime");
		assertThat(analysis.getDescription()).contains("'connmgmt.pools.orders.max-lifetime' is 30m")
			.contains("role 'orders-app' lives 20m")
			.contains("connmgmt.pools.orders.credentials.vault.lifetime-margin' (30s)");
		assertThat(analysis.getAction()).contains("Set 'connmgmt.pools.orders.max-lifetime' below 19m30s");
	}

	@Test
	void maxLifetimeWithinTheLeaseStarts() {
		this.fixture.role("orders-app", Duration.ofMinutes(20), Duration.ofHours(1));
		this.fixture.application("orders")
			.properties("connmgmt.validation.mode=fail", "connmgmt.pools.orders.max-lifetime=19m")
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

	private static FailureAnalysis failedStartup(SpringApplicationBuilder application) {
		RecordingFailureAnalysisReporter.take();
		assertThatException().isThrownBy(() -> application.run().close());
		FailureAnalysis analysis = RecordingFailureAnalysisReporter.take();
		assertThat(analysis).as("failure analysis").isNotNull();
		return analysis;
	}

}
