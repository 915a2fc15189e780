package dev.connmgmt.autoconfigure;

import java.util.List;

import javax.sql.DataSource;

import dev.connmgmt.internal.observability.ConnectionMetrics;
import dev.connmgmt.internal.observability.ShardTagMeterFilter;
import dev.connmgmt.internal.pool.AcquisitionGuardFactory;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.resilience.ConnmgmtTransactions;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.testing.AutoConfigurationsOf;
import dev.connmgmt.testing.BootHealth;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import dev.connmgmt.testing.ImportResilience4jAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each integration is its own auto-configuration, excludable alone, and each optional
 * library can be missing without taking the pools with it.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class OptionalIntegrationsTests {

	private static final List<Class<?>> CONNMGMT = List.of(ConnmgmtAutoConfiguration.class,
			ConnmgmtResilienceAutoConfiguration.class, ConnmgmtVaultAutoConfiguration.class,
			ConnmgmtMetricsAutoConfiguration.class, ConnmgmtTracingAutoConfiguration.class,
			ConnectionsHealthAutoConfiguration.class, ConnectionsEndpointAutoConfiguration.class);

	private static TestDatabase database;

	private final ApplicationContextRunner runner = runner(true, true);

	private static ApplicationContextRunner runner(boolean resilience4j, boolean actuator) {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CONNMGMT.toArray(Class<?>[]::new)))
			.withConfiguration(AutoConfigurationsOf.of(ImportJdbcAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues(database.connmgmtPool("optional"));
		if (resilience4j) {
			runner = runner.withConfiguration(AutoConfigurationsOf.of(ImportResilience4jAutoConfiguration.class));
		}
		if (actuator) {
			runner = runner.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
				.withPropertyValues("management.endpoints.web.exposure.include=connections");
		}
		return runner;
	}

	@BeforeAll
	static void createDatabase(EmbeddedPostgresServer server) {
		database = server.createDatabaseWithOwner("optional");
	}

	@Test
	void everyIntegrationIsListedForAutoConfiguration() {
		List<String> listed = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
			.getCandidates();
		assertThat(listed).containsAll(CONNMGMT.stream().map(Class::getName).toList());
	}

	@Test
	void withEverythingPresentEveryIntegrationContributes() {
		this.runner.run((context) -> {
			assertServes(context);
			assertThat(context).hasSingleBean(AcquisitionGuardFactory.class)
				.hasSingleBean(ConnmgmtTransactions.class)
				.hasSingleBean(VaultCredentialSourceFactory.class)
				.hasSingleBean(ConnectionMetrics.class)
				.hasSingleBean(ShardTagMeterFilter.class)
				.hasBean("connmgmtAcquisitionObserver")
				.hasBean("connectionsEndpoint");
		});
	}

	@Test
	void withoutResilience4jThePoolsServeUnguarded() {
		runner(false, true).withClassLoader(new FilteredClassLoader("io.github.resilience4j"))
			.run((context) -> {
				assertServes(context);
				assertThat(context).doesNotHaveBean(AcquisitionGuardFactory.class)
					.doesNotHaveBean(ConnmgmtTransactions.class);
			});
	}

	@Test
	void withoutSpringVaultStaticPoolsServe() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.vault", "org.springframework.cloud"))
			.run((context) -> {
				assertServes(context);
				assertThat(context).doesNotHaveBean(VaultCredentialSourceFactory.class);
			});
	}

	@Test
	void withoutMicrometerThePoolsServeUnmetered() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> {
				assertServes(context);
				assertThat(context).doesNotHaveBean(ConnectionMetrics.class);
			});
	}

	@Test
	void withoutMicrometerTracingThePoolsServeUntraced() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.tracing"))
			.run((context) -> {
				assertServes(context);
				assertThat(context).doesNotHaveBean("connmgmtAcquisitionObserver");
			});
	}

	@Test
	void withoutActuatorThePoolsServeWithoutHealthOrEndpoint() {
		// Spring Boot 4 moved the health API out of the actuator into org.springframework.boot.health
		runner(true, false)
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
			.run((context) -> {
				assertServes(context);
				assertThat(context).doesNotHaveBean("connectionsEndpoint").doesNotHaveBean("connectionsHealthContributor");
			});
	}

	@Test
	void excludingOneIntegrationByPropertyLeavesTheOthers() throws Exception {
		try (ConfigurableApplicationContext context = new SpringBootApplicationBuilder().properties(
				"spring.autoconfigure.exclude=" + ConnmgmtResilienceAutoConfiguration.class.getName(),
				"spring.cloud.vault.enabled=false")
			.properties(database.connmgmtPool("optional"))
			.run()) {
			assertThat(new JdbcTemplate(context.getBean(DataSource.class)).queryForObject("SELECT 1", Integer.class))
				.isEqualTo(1);
			assertThat(context.getBean(DataSource.class).unwrap(ManagedDataSource.class).getName()).isEqualTo("optional");
			assertThat(context.getBeansOfType(AcquisitionGuardFactory.class)).isEmpty();
			assertThat(context.getBeansOfType(ConnectionMetrics.class)).hasSize(1);
		}
	}

	@Test
	void excludingTheHealthIntegrationLeavesReadinessWorking() throws Exception {
		try (ConfigurableApplicationContext context = new SpringBootApplicationBuilder().properties(
				"spring.autoconfigure.exclude=" + ConnectionsHealthAutoConfiguration.class.getName(),
				"management.endpoint.health.probes.enabled=true", "spring.cloud.vault.enabled=false")
			.properties(database.connmgmtPool("optional"))
			.run()) {
			assertThat(context.containsBean("connectionsHealthContributor")).isFalse();
			assertThat(BootHealth.of(context, "readiness").status()).isEqualTo("UP");
			assertThat(BootHealth.of(context, "readiness").components()).doesNotContain("connections");
		}
	}

	private static void assertServes(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed().hasSingleBean(ManagedDataSource.class);
		assertThat(new JdbcTemplate(context.getBean(ManagedDataSource.class)).queryForObject("SELECT 1", Integer.class))
			.isEqualTo(1);
	}

	/**
	 * An application with every auto-configuration on the classpath, as a user's.
	 */
	private static final class SpringBootApplicationBuilder extends SpringApplicationBuilder {

		SpringBootApplicationBuilder() {
			super(FullApplication.class);
			web(WebApplicationType.NONE);
			logStartupInfo(false);
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FullApplication {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
