package dev.connmgmt.tls;

import java.util.Map;

import dev.connmgmt.actuate.ConnectionsEndpoint;
import dev.connmgmt.actuate.PoolDescriptor;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import dev.connmgmt.lifecycle.RecordingFailureAnalysisReporter;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.testing.BootHealth;
import dev.connmgmt.testing.HealthView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The TLS policy of pools against a real PostgreSQL that speaks TLS and refuses plain TCP
 * ({@code hostnossl ... reject}): settings that weaken TLS are refused at startup, a
 * verified session is shown with its protocol and cipher, and a session found unencrypted
 * where TLS is required makes the pool's health DOWN.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsPolicyIntegrationTests {

	private static EmbeddedPostgresServer server;

	private static TestDatabase database;

	@BeforeAll
	static void startServerThatRequiresTls() {
		server = EmbeddedPostgresServer.builder().requireTls().start();
		database = server.createDatabaseWithOwner("tls");
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void settingsThatWeakenTlsAreRefusedAtStartupEveryPoolAtOnce() {
		FailureAnalysis analysis = refused(pool("orders", database.jdbcUrl() + "?sslmode=disable"),
				"connmgmt.pools.orders.tls.mode=require", "connmgmt.pools.orders.primary=true",
				pool("billing", database.jdbcUrl() + "?sslmode=verify-full&sslrootcert="
						+ server.tls().rootCertificateFile()),
				"connmgmt.pools.billing.tls.mode=verify-full",
				"connmgmt.pools.billing.data-source-properties.sslfactory=org.postgresql.ssl.NonValidatingFactory");
		assertThat(((InvalidPoolConfigurationException) analysis.getCause()).getProblems())
			.extracting(InvalidPoolConfigurationException::getProperty)
			.containsExactlyInAnyOrder("connmgmt.pools.orders.url",
					"connmgmt.pools.billing.data-source-properties.sslfactory");
		assertThat(analysis.getDescription()).contains("Pool 'orders' requires TLS (connmgmt.pools.orders.tls.mode=require)")
			.contains("sslmode=disable (connmgmt.pools.orders.url) turns TLS off")
			.contains("accepts any server certificate without verifying it");
		assertThat(analysis.getDescription()).as("each problem's fix").contains("Set sslmode=verify-full in the URL")
			.contains("lower 'connmgmt.pools.orders.tls.mode'")
			.contains("Remove sslfactory=org.postgresql.ssl.NonValidatingFactory");
		assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(database.owner().password());
	}

	@Test
	void aRemoteHostWhoseUrlTurnsTlsOffIsRefusedOnlyWhenTheModeIsWritten() {
		FailureAnalysis analysis = refused(pool("orders", "jdbc:postgresql://orders-db.example:5432/orders?sslmode=disable"),
				"connmgmt.pools.orders.tls.mode=require");
		assertThat(((InvalidPoolConfigurationException) analysis.getCause()).getProperty())
			.isEqualTo("connmgmt.pools.orders.url");
		assertThat(analysis.getDescription()).contains("connmgmt.pools.orders.tls.mode=require")
			.contains("sslmode=disable");
		assertThat(analysis.getAction()).contains("sslmode=verify-full")
			.contains("lower 'connmgmt.pools.orders.tls.mode'");
	}

	@Test
	void verifiedSessionIsShownWithProtocolAndCipherInTheEndpointAndHealth() {
		try (ConfigurableApplicationContext context = application(
				pool("orders", database.jdbcUrl() + "?" + server.tls().verifyFullParameters()),
				"connmgmt.pools.orders.tls.mode=verify-full", "connmgmt.pools.orders.primary=true",
				pool("billing", database.jdbcUrl() + "?sslrootcert=" + server.tls().rootCertificateFile()),
				"connmgmt.pools.billing.tls.mode=verify-full")
			.run()) {
			ConnectionsEndpoint endpoint = context.getBean(ConnectionsEndpoint.class);
			for (String pool : new String[] { "orders", "billing" }) {
				PoolDescriptor.Tls tls = endpoint.pool(pool).tls();
				assertThat(tls.mode()).isEqualTo("verify-full");
				assertThat(tls.inUse()).isTrue();
				assertThat(tls.protocol()).startsWith("TLSv1.");
				assertThat(tls.cipher()).isNotBlank();
				assertThat(tls.problem()).isNull();
				HealthView health = BootHealth.of(context, "connections", pool);
				assertThat(health.status()).isEqualTo("UP");
				assertThat(health.details()).containsKey("tls");
				assertThat(health.details().get("tls").toString()).contains("mode=verify-full")
					.contains("inUse=true")
					.contains("protocol=TLSv1.");
			}
			assertThat(endpoint.pool("billing").settings().derived())
				.containsEntry("dataSourceProperties.sslmode", "verify-full (tls.mode = verify-full)");
		}
	}

	@Test
	void aLocalUrlWithoutTlsSettingsStartsUnchanged() {
		try (ConfigurableApplicationContext context = application(pool("orders", database.jdbcUrl())).run()) {
			PoolDescriptor orders = context.getBean(ConnectionsEndpoint.class).pool("orders");
			assertThat(orders.tls().mode()).isEqualTo("off");
			assertThat(orders.tls().inUse()).as("not checked when not required").isNull();
			assertThat(orders.settings().derived()).isNull();
			assertThat(BootHealth.of(context, "connections", "orders").status()).isEqualTo("UP");
		}
	}

	@Test
	void anUnencryptedSessionUnderADerivedModeIsReportedWithoutFailingHealthOrStartup(CapturedOutput output) {
		EmbeddedPostgresServer plain = EmbeddedPostgresServer.shared();
		TestDatabase unencrypted = plain.createDatabaseWithOwner("plain");
		String url = "jdbc:postgresql://orders-db.example:" + plain.port() + "/" + unencrypted.name()
				+ "?sslmode=disable&socketFactory=" + LoopbackSocketFactory.class.getName();
		try (ConfigurableApplicationContext context = application("connmgmt.pools.plain.url=" + url,
				"connmgmt.pools.plain.username=" + unencrypted.owner().name(),
				"connmgmt.pools.plain.password=" + unencrypted.owner().password(), "connmgmt.pools.plain.primary=true",
				"connmgmt.pools.later.url=" + url, "connmgmt.pools.later.username=" + unencrypted.owner().name(),
				"connmgmt.pools.later.password=" + unencrypted.owner().password(), "connmgmt.pools.later.lazy=true")
			.run()) {
			PoolDescriptor later = context.getBean(ConnectionsEndpoint.class).pool("later");
			assertThat(later.state()).as("a lazy pool is not started to be checked").isEqualTo("not started");
			assertThat(later.tls().mode()).isEqualTo("require");
			assertThat(later.tls().inUse()).isNull();
			assertThat(BootHealth.of(context, "connections", "later").status()).isEqualTo("UP");
			PoolDescriptor.Tls tls = context.getBean(ConnectionsEndpoint.class).pool("plain").tls();
			assertThat(tls.mode()).isEqualTo("require");
			assertThat(tls.inUse()).isFalse();
			assertThat(tls.problem()).contains("not encrypted");
			HealthView health = BootHealth.of(context, "connections", "plain");
			assertThat(health.status()).as("a mode the user did not write takes no pool out of service")
				.isEqualTo("UP");
			assertThat(health.details()).containsEntry("tlsProblem", tls.problem());
			assertThat(occurrences(output.getOut(), "tls.unencrypted pool=plain")).isEqualTo(1);
			assertThat(output.getOut()).contains("WARN").contains("tls.weak pool=plain setting=connmgmt.pools.plain.url");
			assertThat(output.getOut()).doesNotContain("tls.unencrypted pool=later")
				.doesNotContain(unencrypted.owner().password());
		}
	}

	private static String pool(String name, String url) {
		return "connmgmt.pools." + name + ".url=" + url + "\u0000connmgmt.pools." + name + ".username="
				+ database.owner().name() + "\u0000connmgmt.pools." + name + ".password=" + database.owner().password();
	}

	private static SpringApplicationBuilder application(String... properties) {
		return new SpringApplicationBuilder(TlsTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=connections",
					"management.endpoint.health.show-details=always")
			.properties(String.join("\u0000", properties).split("\u0000"));
	}

	private static FailureAnalysis refused(String... properties) {
		RecordingFailureAnalysisReporter.take();
		assertThatException().isThrownBy(() -> application(properties).run().close());
		FailureAnalysis analysis = RecordingFailureAnalysisReporter.take();
		assertThat(analysis).as("failure analysis").isNotNull();
		assertThat(analysis.getCause()).isInstanceOf(InvalidPoolConfigurationException.class);
		return analysis;
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
			count++;
		}
		return count;
	}

}
