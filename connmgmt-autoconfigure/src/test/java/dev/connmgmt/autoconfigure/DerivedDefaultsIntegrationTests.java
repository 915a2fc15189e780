package dev.connmgmt.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import dev.connmgmt.actuate.ConnectionsEndpoint;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import dev.connmgmt.lifecycle.RecordingFailureAnalysisReporter;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import dev.connmgmt.testing.ImportResilience4jAutoConfiguration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A newcomer's first settings start the application: a setting the user did not write
 * takes a value consistent with those written, is logged once and shown by the
 * connections endpoint, and only contradictions between written values are refused, all of
 * them in one report.
 */
@ExtendWith({ EmbeddedPostgresExtension.class, OutputCaptureExtension.class })
class DerivedDefaultsIntegrationTests {

	private static EmbeddedPostgresServer server;

	@BeforeAll
	static void keepServer(EmbeddedPostgresServer embedded) {
		server = embedded;
	}

	@Test
	void shortConnectionTimeoutDerivesTheValidationTimeout(CapturedOutput output) {
		TestDatabase database = server.createDatabaseWithOwner("shortwait");
		try (ConfigurableApplicationContext context = start(database, "connmgmt.pools.shortwait.connection-timeout=2s")) {
			HikariDataSource hikari = context.getBean("shortwaitDataSource", ManagedDataSource.class).getHikariDataSource();
			assertThat(hikari.getConnectionTimeout()).isEqualTo(2_000);
			assertThat(hikari.getValidationTimeout()).isEqualTo(2_000);
			assertThat(new JdbcTemplate(hikari).queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
			assertThat(derived(context, "shortwait")).containsOnlyKeys("validationTimeout");
			assertThat(derived(context, "shortwait").get("validationTimeout")).isEqualTo("2s (at most connection-timeout = 2s)");
		}
		assertThat(output.getOut().lines().filter((line) -> line.contains("Pool 'shortwait' derived")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("INFO").contains("validation-timeout=2s"));
	}

	@Test
	void shortMaxLifetimeDerivesIdleTimeoutAndTurnsKeepaliveOff() {
		TestDatabase database = server.createDatabaseWithOwner("shortlife");
		try (ConfigurableApplicationContext context = start(database, "connmgmt.pools.shortlife.max-lifetime=30s",
				"connmgmt.pools.shortlife.minimum-idle=1")) {
			HikariDataSource hikari = context.getBean("shortlifeDataSource", ManagedDataSource.class).getHikariDataSource();
			assertThat(hikari.getMaxLifetime()).isEqualTo(30_000);
			assertThat(hikari.getIdleTimeout()).isEqualTo(15_000);
			assertThat(hikari.getKeepaliveTime()).isZero();
			assertThat(derived(context, "shortlife")).containsOnlyKeys("idleTimeout", "keepaliveTime");
			assertThat(new JdbcTemplate(hikari).queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
		}
	}

	@Test
	void requestLimitDerivesTheConnectionTimeoutAndThroughItTheValidationTimeout() {
		TestDatabase database = server.createDatabaseWithOwner("budget");
		try (ConfigurableApplicationContext context = start(database, "connmgmt.pools.budget.timeouts.request=4s")) {
			HikariDataSource hikari = context.getBean("budgetDataSource", ManagedDataSource.class).getHikariDataSource();
			assertThat(hikari.getConnectionTimeout()).isEqualTo(2_000);
			assertThat(hikari.getValidationTimeout()).isEqualTo(2_000);
		}
	}

	@Test
	void retriesWithinTheRequestDeriveAConnectionTimeoutTheyFitIn() {
		TestDatabase database = server.createDatabaseWithOwner("retried");
		try (ConfigurableApplicationContext context = start(database, "connmgmt.pools.retried.timeouts.request=6s",
				"connmgmt.pools.retried.timeouts.query=1s")) {
			HikariDataSource hikari = context.getBean("retriedDataSource", ManagedDataSource.class).getHikariDataSource();
			// 3 attempts x (connection-timeout + 1s) + up to 450ms of backoff within 6s
			assertThat(hikari.getConnectionTimeout()).isEqualTo(850);
			assertThat(derived(context, "retried").get("connectionTimeout")).contains("3 attempts");
		}
	}

	@Test
	void configurationPropertiesShowThePoolsAsTheyRun() {
		TestDatabase database = server.createDatabaseWithOwner("shown");
		try (ConfigurableApplicationContext context = start(database, "connmgmt.pools.shown.connection-timeout=2s",
				"connmgmt.pool-defaults.max-lifetime=20m")) {
			PoolProperties shown = context.getBean(ConnmgmtProperties.class).getPools().get("shown");
			assertThat(shown.getValidationTimeout()).isEqualTo(Duration.ofSeconds(2));
			assertThat(shown.getMaxLifetime()).isEqualTo(Duration.ofMinutes(20));
			assertThat(shown).isSameAs(context.getBean(PoolSettings.class).pools().get("shown"));
			Map<String, Object> pools = configurationProperties(context, "pools");
			assertThat(pools).extractingByKey("shown")
				.asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("validationTimeout", "PT2S")
				.containsEntry("maxLifetime", "PT20M");
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> configurationProperties(ConfigurableApplicationContext context, String key) {
		ConfigurationPropertiesReportEndpoint.ConfigurationPropertiesDescriptor report = context
			.getBean(ConfigurationPropertiesReportEndpoint.class)
			.configurationPropertiesWithPrefix("connmgmt");
		return (Map<String, Object>) report.getContexts()
			.values()
			.iterator()
			.next()
			.getBeans()
			.values()
			.stream()
			.filter((bean) -> bean.getPrefix().equals("connmgmt"))
			.findFirst()
			.orElseThrow()
			.getProperties()
			.get(key);
	}

	@Test
	void valuesWrittenInThePoolDefaultsAreWrittenValues() {
		RecordingFailureAnalysisReporter.take();
		assertThatException().isThrownBy(() -> application("connmgmt.pools.orders.url=jdbc:postgresql://localhost/orders",
				"connmgmt.pool-defaults.validation-timeout=3s", "connmgmt.pools.orders.connection-timeout=2s")
			.run()
			.close());
		FailureAnalysis analysis = RecordingFailureAnalysisReporter.take();
		assertThat(analysis.getDescription()).contains("'connmgmt.pools.orders.validation-timeout' (3s) is longer");
	}

	@Test
	void everyProblemIsReportedAtOnceWithItsPropertyAndFix() {
		RecordingFailureAnalysisReporter.take();
		assertThatException().isThrownBy(() -> application("connmgmt.pools.orders.url=jdbc:postgresql://localhost/orders",
				"connmgmt.pools.orders.connection-timeout=100ms", "connmgmt.pools.orders.keepalive-time=10s",
				"connmgmt.pools.orders.maximum-pool-sise=4", "connmgmt.pools.billing.url=postgresql://billing",
				"connmgmt.pools.orders.timeouts.query=30s", "connmgmt.pools.orders.timeouts.socket=10s")
			.run()
			.close());
		FailureAnalysis analysis = RecordingFailureAnalysisReporter.take();
		InvalidPoolConfigurationException cause = (InvalidPoolConfigurationException) analysis.getCause();
		assertThat(cause.getProblems()).extracting(InvalidPoolConfigurationException::getProperty)
			.containsExactlyInAnyOrder("connmgmt.pools.orders.maximum-pool-sise", "connmgmt.pools.orders.connection-timeout",
					"connmgmt.pools.orders.keepalive-time", "connmgmt.pools.orders.timeouts.query",
					"connmgmt.pools.billing.url");
		assertThat(analysis.getDescription()).startsWith("connmgmt found 5 problems")
			.contains("Did you mean 'connmgmt.pools.orders.maximum-pool-size'?")
			.contains("Set 'connmgmt.pools.orders.connection-timeout' to 250ms or more")
			.contains("is not a JDBC URL")
			.contains("connmgmt.validation.accept=query-within-socket");
	}

	@Test
	void acceptingOneRuleStartsWithItsWarningAndKeepsEveryOtherCheck(CapturedOutput output) {
		TestDatabase database = server.createDatabaseWithOwner("accepted");
		try (ConfigurableApplicationContext context = start(database, "connmgmt.pools.accepted.timeouts.query=30s",
				"connmgmt.pools.accepted.timeouts.socket=10s", "connmgmt.validation.accept=query-within-socket")) {
			assertThat(context.getBean("acceptedDataSource", ManagedDataSource.class).getName()).isEqualTo("accepted");
		}
		assertThat(output.getOut()).contains("WARN").contains("Accepted: connmgmt.validation.accept=query-within-socket");
		RecordingFailureAnalysisReporter.take();
		assertThatException().isThrownBy(() -> start(database, "connmgmt.pools.accepted.timeouts.query=30s",
				"connmgmt.pools.accepted.timeouts.socket=10s", "connmgmt.pools.accepted.timeouts.connect=20s",
				"connmgmt.validation.accept=query-within-socket").close());
		InvalidPoolConfigurationException cause = (InvalidPoolConfigurationException) RecordingFailureAnalysisReporter
			.take()
			.getCause();
		assertThat(cause.getProblems()).singleElement()
			.satisfies((problem) -> assertThat(problem.getProperty()).isEqualTo("connmgmt.pools.accepted.timeouts.connect"));
	}

	private static Map<String, String> derived(ConfigurableApplicationContext context, String pool) {
		Map<String, String> derived = context.getBean(ConnectionsEndpoint.class).pool(pool).settings().derived();
		return (derived != null) ? derived : Map.of();
	}

	private static ConfigurableApplicationContext start(TestDatabase database, String... extra) {
		String name = extra[0].split("\\.")[2];
		List<String> properties = new ArrayList<>(List.of(database.connmgmtPool(name)));
		properties.addAll(List.of(extra));
		return application(properties.toArray(String[]::new)).run();
	}

	private static SpringApplicationBuilder application(String... properties) {
		return new SpringApplicationBuilder(EndpointApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("management.endpoints.web.exposure.include=connections,configprops",
					"management.endpoint.configprops.show-values=always")
			.properties(properties);
	}

	@SpringBootConfiguration
	@ImportJdbcAutoConfiguration
	@ImportResilience4jAutoConfiguration
	@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
			ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
			ConnmgmtTracingAutoConfiguration.class,
			org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration.class,
			ConfigurationPropertiesReportEndpointAutoConfiguration.class, ConnectionsEndpointAutoConfiguration.class })
	static class EndpointApplication {

	}

}
