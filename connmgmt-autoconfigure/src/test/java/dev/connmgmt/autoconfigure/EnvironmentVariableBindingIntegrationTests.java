package dev.connmgmt.autoconfigure;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import dev.connmgmt.lifecycle.RecordingFailureAnalysisReporter;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Environment variables, as Kubernetes sets them, reach the pools declared in the
 * application's configuration, dashed names included, the way Spring Boot's own binding
 * maps them; one that cannot is refused with the mapping explained.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class EnvironmentVariableBindingIntegrationTests {

	private static EmbeddedPostgresServer server;

	@BeforeAll
	static void keepServer(EmbeddedPostgresServer embedded) {
		server = embedded;
	}

	@Test
	void variableWithoutTheDashReachesTheDashedPool() {
		TestDatabase database = server.createDatabaseWithOwner("users0");
		String[] pool = database.connmgmtPool("users-0");
		try (ConfigurableApplicationContext context = application(
				Map.of("CONNMGMT_POOLS_USERS0_PASSWORD", database.owner().password(), "CONNMGMT_POOLS_USERS0_MAXIMUMPOOLSIZE",
						"3"),
				pool[0], pool[1])
			.run()) {
			assertThat(context.getBeansOfType(ManagedDataSource.class)).containsOnlyKeys("users-0DataSource");
			ManagedDataSource users = context.getBean("users-0DataSource", ManagedDataSource.class);
			assertThat(users.getHikariDataSource().getMaximumPoolSize()).isEqualTo(3);
			assertThat(new JdbcTemplate(context.getBean(DataSource.class)).queryForObject("SELECT current_user",
					String.class))
				.isEqualTo(database.owner().name());
		}
	}

	@Test
	void variableNamingAPoolOfItsOwnStillCreatesIt() {
		TestDatabase database = server.createDatabaseWithOwner("envonly");
		String[] pool = database.connmgmtPool("envonly");
		try (ConfigurableApplicationContext context = application(Map.of("CONNMGMT_POOLS_ENVONLY_URL", value(pool[0]),
				"CONNMGMT_POOLS_ENVONLY_USERNAME", value(pool[1]), "CONNMGMT_POOLS_ENVONLY_PASSWORD", value(pool[2])))
			.run()) {
			assertThat(context.getBeansOfType(ManagedDataSource.class)).containsOnlyKeys("envonlyDataSource");
		}
	}

	@Test
	void variableThatSplitsTheDashedNameIsRefusedExplainingTheMapping() {
		RecordingFailureAnalysisReporter.take();
		assertThatException().isThrownBy(() -> application(Map.of("CONNMGMT_POOLS_USERS_0_PASSWORD", "secret"),
				"connmgmt.pools.users-0.url=jdbc:postgresql://localhost/users")
			.run()
			.close());
		FailureAnalysis analysis = RecordingFailureAnalysisReporter.take();
		InvalidPoolConfigurationException cause = (InvalidPoolConfigurationException) analysis.getCause();
		assertThat(cause.getProblems()).singleElement()
			.satisfies((problem) -> assertThat(problem.getProblem())
				.contains("from environment variable CONNMGMT_POOLS_USERS_0_PASSWORD")
				.contains("pool 'users-0' is CONNMGMT_POOLS_USERS0_*")
				.doesNotContain("secret"));
	}

	private static String value(String property) {
		return property.substring(property.indexOf('=') + 1);
	}

	private static SpringApplicationBuilder application(Map<String, Object> variables, String... properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return new SpringApplicationBuilder(PoolTestApplication.class).web(WebApplicationType.NONE)
			.environment(environment)
			.logStartupInfo(false)
			.properties(List.of(properties).toArray(String[]::new));
	}

}
