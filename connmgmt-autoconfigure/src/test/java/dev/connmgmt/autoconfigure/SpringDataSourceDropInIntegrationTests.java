package dev.connmgmt.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;
import javax.sql.XAConnection;
import javax.sql.XADataSource;

import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.ManagedPools;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.testing.BootHealth;
import dev.connmgmt.testing.ExcludeDataSourceAutoConfiguration;
import dev.connmgmt.testing.ImportJdbcAutoConfiguration;
import dev.connmgmt.testing.SpringBootLine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.xa.PGXADataSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * connmgmt manages {@code spring.datasource.*} as pool {@code default} exactly where
 * Spring Boot would have built that {@link DataSource}: an application that excludes
 * {@link DataSourceAutoConfiguration}, in any of the ways Spring Boot offers, or defines
 * its own {@code XADataSource}, gets no pool and no {@code DataSource}, as without
 * connmgmt.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class SpringDataSourceDropInIntegrationTests {

	private static final String EXCLUDE_PROPERTY = "spring.autoconfigure.exclude";

	private static TestDatabase database;

	@BeforeAll
	static void createDatabase(EmbeddedPostgresServer server) {
		database = server.createDatabaseWithOwner("dropin");
	}

	@Test
	void fullAutoConfigurationManagesTheSpringDataSourceAsPoolDefault() {
		try (ConfigurableApplicationContext context = start(AutoConfiguredApplication.class)) {
			assertThat(context.getBean(ManagedPools.class).all()).extracting(ManagedDataSource::getName)
				.containsExactly("default");
			assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT current_user", String.class))
				.isEqualTo(database.owner().name());
		}
	}

	@Test
	void excludeOnEnableAutoConfigurationLeavesNoDataSource() {
		try (ConfigurableApplicationContext context = start(ExcludingApplication.class)) {
			assertNoDataSource(context);
		}
	}

	@Test
	void excludeNameOnEnableAutoConfigurationLeavesNoDataSource() {
		try (ConfigurableApplicationContext context = start(ExcludingByNameApplication.class)) {
			assertNoDataSource(context);
		}
	}

	@Test
	void excludePropertyLeavesNoDataSource() {
		try (ConfigurableApplicationContext context = start(AutoConfiguredApplication.class,
				EXCLUDE_PROPERTY + "=" + SpringBootLine.DATA_SOURCE_AUTO_CONFIGURATION)) {
			assertNoDataSource(context);
		}
	}

	@Test
	void excludePropertyAmongOthersLeavesNoDataSource() {
		try (ConfigurableApplicationContext context = start(AutoConfiguredApplication.class,
				EXCLUDE_PROPERTY + "[0]=" + SpringBootLine.JDBC_TEMPLATE_AUTO_CONFIGURATION,
				EXCLUDE_PROPERTY + "[1]=" + SpringBootLine.DATA_SOURCE_AUTO_CONFIGURATION)) {
			assertNoDataSource(context);
		}
	}

	@Test
	void excludePropertyLeavesNoDataSourceUnderImportAutoConfiguration() {
		try (ConfigurableApplicationContext context = start(PoolTestApplication.class,
				EXCLUDE_PROPERTY + "=" + SpringBootLine.DATA_SOURCE_AUTO_CONFIGURATION)) {
			assertNoDataSource(context);
		}
	}

	@Test
	void excludeOnImportAutoConfigurationLeavesNoDataSource() {
		try (ConfigurableApplicationContext context = start(ImportExcludingApplication.class)) {
			assertNoDataSource(context);
		}
	}

	@Test
	void excludingAnotherAutoConfigurationStillManagesPoolDefault() {
		try (ConfigurableApplicationContext context = start(AutoConfiguredApplication.class,
				EXCLUDE_PROPERTY + "=" + SpringBootLine.JDBC_TEMPLATE_AUTO_CONFIGURATION)) {
			assertThat(context.getBean(ManagedPools.class).all()).extracting(ManagedDataSource::getName)
				.containsExactly("default");
		}
	}

	@Test
	void applicationsOwnXaDataSourceLeavesNoPooledDataSource() throws SQLException {
		try (ConfigurableApplicationContext context = start(XaApplication.class)) {
			assertNoDataSource(context);
			XAConnection xa = context.getBean(XADataSource.class).getXAConnection();
			try (Connection connection = xa.getConnection()) {
				assertThat(new JdbcTemplate(new SingleConnectionDataSource(connection, true))
					.queryForObject("SELECT current_user", String.class)).isEqualTo(database.owner().name());
			}
			finally {
				xa.close();
			}
		}
	}

	@Test
	void readinessProbeWorksWithoutAnyPool() {
		try (ConfigurableApplicationContext context = start(ExcludingApplication.class,
				"management.endpoint.health.probes.enabled=true")) {
			assertNoDataSource(context);
			assertThat(BootHealth.of(context, "readiness").status()).isEqualTo("UP");
		}
	}

	@Test
	void readinessProbeWorksWhenTheApplicationDefinesItsOwnDataSource() {
		try (ConfigurableApplicationContext context = start(OwnDataSourceApplication.class,
				"management.endpoint.health.probes.enabled=true")) {
			assertThat(context.getBeanNamesForType(ManagedPools.class)).isEmpty();
			assertThat(BootHealth.of(context, "readiness").status()).isEqualTo("UP");
		}
	}

	@Test
	void anotherDataSourceTypeIsLeftToSpringBoot() {
		try (ConfigurableApplicationContext context = start(AutoConfiguredApplication.class,
				"spring.datasource.type=" + SimpleDriverDataSource.class.getName(),
				// datasource-micrometer would hide the type behind its proxy
				"jdbc.datasource-proxy.enabled=false")) {
			assertThat(context.getBean(ManagedPools.class).all()).isEmpty();
			assertThat(context.getBean(DataSource.class)).isInstanceOf(SimpleDriverDataSource.class);
			assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT current_user", String.class))
				.isEqualTo(database.owner().name());
		}
	}

	private static void assertNoDataSource(ConfigurableApplicationContext context) {
		assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
		assertThat(context.getBean(ManagedPools.class).all()).isEmpty();
	}

	private static ConfigurableApplicationContext start(Class<?> application, String... properties) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("spring.datasource.url=" + database.jdbcUrl(),
					"spring.datasource.username=" + database.owner().name(),
					"spring.datasource.password=" + database.owner().password(), "spring.cloud.vault.enabled=false")
			.properties(properties)
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class AutoConfiguredApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(excludeName = SpringBootLine.DATA_SOURCE_AUTO_CONFIGURATION)
	static class ExcludingApplication {

	}

	@SpringBootApplication(excludeName = SpringBootLine.DATA_SOURCE_AUTO_CONFIGURATION)
	static class ExcludingByNameApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ConnmgmtAutoConfiguration.class, ConnmgmtResilienceAutoConfiguration.class,
			ConnmgmtVaultAutoConfiguration.class, ConnmgmtMetricsAutoConfiguration.class,
			ConnmgmtTracingAutoConfiguration.class })
	@ImportJdbcAutoConfiguration
	@ExcludeDataSourceAutoConfiguration
	static class ImportExcludingApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class OwnDataSourceApplication {

		@Bean
		DataSource dataSource() {
			return new SimpleDriverDataSource(new org.postgresql.Driver(), database.jdbcUrl(), database.owner().name(),
					database.owner().password());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class XaApplication {

		@Bean
		PGXADataSource xaDataSource() {
			PGXADataSource dataSource = new PGXADataSource();
			dataSource.setURL(database.jdbcUrl());
			dataSource.setUser(database.owner().name());
			dataSource.setPassword(database.owner().password());
			return dataSource;
		}

	}

}
