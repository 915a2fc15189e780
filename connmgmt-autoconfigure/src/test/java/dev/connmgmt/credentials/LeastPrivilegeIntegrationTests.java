package dev.connmgmt.credentials;

import java.time.Duration;

import dev.connmgmt.actuate.ConnectionsEndpoint;
import dev.connmgmt.actuate.PoolDescriptor;
import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import dev.connmgmt.lifecycle.RecordingFailureAnalysisReporter;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.test.postgres.TestRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The least-privilege audit of each pool's login role at startup, against the real
 * catalog: a superuser, a database owner, a role that may only use the data, and the role
 * a Vault role with too generous creation statements issues.
 */
@ExtendWith({ EmbeddedPostgresExtension.class, OutputCaptureExtension.class })
class LeastPrivilegeIntegrationTests {

	@Test
	void excessiveRightsAreLoggedOnceAndShownWhileALeastPrivilegedRoleHasNone(EmbeddedPostgresServer server,
			CapturedOutput output) {
		TestDatabase database = server.createDatabaseWithOwner("audit");
		TestRole app = leastPrivilegedRole(server, database);
		try (ConfigurableApplicationContext context = application(
				"connmgmt.pools.admin.url=" + database.jdbcUrl(), "connmgmt.pools.admin.username=" + server.superuser(),
				"connmgmt.pools.admin.password=" + server.superuserPassword(), "connmgmt.pools.admin.primary=true",
				"connmgmt.pools.owner.url=" + database.jdbcUrl(),
				"connmgmt.pools.owner.username=" + database.owner().name(),
				"connmgmt.pools.owner.password=" + database.owner().password(),
				"connmgmt.pools.app.url=" + database.jdbcUrl(), "connmgmt.pools.app.username=" + app.name(),
				"connmgmt.pools.app.password=" + app.password(), "connmgmt.pools.unchecked.url=" + database.jdbcUrl(),
				"connmgmt.pools.unchecked.username=" + server.superuser(),
				"connmgmt.pools.unchecked.password=" + server.superuserPassword(),
				"connmgmt.pools.unchecked.least-privilege=off")
			.run()) {
			ConnectionsEndpoint endpoint = context.getBean(ConnectionsEndpoint.class);
			PoolDescriptor.Privileges admin = endpoint.pool("admin").privileges();
			assertThat(admin.role()).isEqualTo(server.superuser());
			assertThat(admin.audited()).isTrue();
			assertThat(admin.findings()).anySatisfy((finding) -> assertThat(finding).startsWith("superuser: "));
			PoolDescriptor.Privileges owner = endpoint.pool("owner").privileges();
			assertThat(owner.findings()).anySatisfy(
					(finding) -> assertThat(finding).startsWith("owns-tables: ").contains("schema 'public'"))
				.anySatisfy((finding) -> assertThat(finding).startsWith("create-in-database: "))
				.noneSatisfy((finding) -> assertThat(finding).startsWith("superuser"));
			PoolDescriptor.Privileges least = endpoint.pool("app").privileges();
			assertThat(least.role()).isEqualTo(app.name());
			assertThat(least.audited()).isTrue();
			assertThat(least.findings()).isEmpty();
			assertThat(endpoint.pool("unchecked").privileges()).isNull();
			assertThat(occurrences(output.getOut(), "privileges.excessive pool=admin")).isEqualTo(1);
			assertThat(occurrences(output.getOut(), "privileges.excessive pool=owner")).isEqualTo(1);
			assertThat(output.getOut()).doesNotContain("privileges.excessive pool=app")
				.doesNotContain("privileges.excessive pool=unchecked")
				.doesNotContain(server.superuserPassword())
				.doesNotContain(database.owner().password());
		}
	}

	@Test
	void failModeRefusesStartupNamingEveryPoolAndTheFix(EmbeddedPostgresServer server) {
		TestDatabase database = server.createDatabaseWithOwner("audit");
		TestRole app = leastPrivilegedRole(server, database);
		RecordingFailureAnalysisReporter.take();
		assertThatException().isThrownBy(() -> application("connmgmt.pool-defaults.least-privilege=fail",
				"connmgmt.pools.admin.url=" + database.jdbcUrl(), "connmgmt.pools.admin.username=" + server.superuser(),
				"connmgmt.pools.admin.password=" + server.superuserPassword(), "connmgmt.pools.admin.primary=true",
				"connmgmt.pools.owner.url=" + database.jdbcUrl(),
				"connmgmt.pools.owner.username=" + database.owner().name(),
				"connmgmt.pools.owner.password=" + database.owner().password(),
				"connmgmt.pools.app.url=" + database.jdbcUrl(), "connmgmt.pools.app.username=" + app.name(),
				"connmgmt.pools.app.password=" + app.password())
			.run()
			.close());
		FailureAnalysis analysis = RecordingFailureAnalysisReporter.take();
		assertThat(analysis).as("failure analysis").isNotNull();
		assertThat(analysis.getCause()).isInstanceOf(InvalidPoolConfigurationException.class);
		assertThat(((InvalidPoolConfigurationException) analysis.getCause()).getProblems())
			.extracting(InvalidPoolConfigurationException::getProperty)
			.containsExactlyInAnyOrder("connmgmt.pools.admin.least-privilege", "connmgmt.pools.owner.least-privilege");
		assertThat(analysis.getDescription()).contains("is a superuser")
			.contains("owns 1 table(s)")
			.contains("creation_statements")
			.contains("connmgmt.pools.owner.least-privilege to warn");
		assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(server.superuserPassword())
			.doesNotContain(database.owner().password());
	}

	@Test
	void aVaultPoolIsAuditedAsTheRoleVaultIssued(EmbeddedPostgresServer server) {
		try (VaultFixture fixture = VaultFixture.start(server)) {
			fixture.vault.dynamicRole("database", "generous-app", fixture.database.name(), Duration.ofMinutes(5),
					Duration.ofMinutes(10), "GRANT CONNECT ON DATABASE " + fixture.database.name() + " TO \"{{name}}\"",
					"GRANT SELECT ON orders TO \"{{name}}\"", "ALTER ROLE \"{{name}}\" CREATEDB CREATEROLE");
			fixture.role("careful-app", Duration.ofMinutes(5), Duration.ofMinutes(10));
			try (ConfigurableApplicationContext context = fixture.application("generous", "careful")
				.properties("connmgmt.pools.generous.primary=true", "management.endpoints.web.exposure.include=connections")
				.run()) {
				ConnectionsEndpoint endpoint = context.getBean(ConnectionsEndpoint.class);
				PoolDescriptor generous = endpoint.pool("generous");
				assertThat(generous.privileges().role()).isEqualTo(generous.settings().username())
					.isNotEqualTo(server.superuser());
				assertThat(generous.privileges().findings())
					.anySatisfy((finding) -> assertThat(finding).startsWith("createdb: "))
					.anySatisfy((finding) -> assertThat(finding).startsWith("createrole: "));
				assertThat(endpoint.pool("careful").privileges().findings()).isEmpty();
			}
		}
	}

	/**
	 * A role that may only connect and read the one table its database's owner made.
	 */
	private static TestRole leastPrivilegedRole(EmbeddedPostgresServer server, TestDatabase database) {
		JdbcTemplate owner = new JdbcTemplate(database.ownerDataSource());
		owner.execute("CREATE TABLE items (id int PRIMARY KEY)");
		TestRole app = server.createRole("auditapp");
		owner.execute("GRANT SELECT ON items TO " + app.name());
		new JdbcTemplate(server.superuserDataSource())
			.execute("GRANT CONNECT ON DATABASE " + database.name() + " TO " + app.name());
		return app;
	}

	private static SpringApplicationBuilder application(String... properties) {
		return new SpringApplicationBuilder(VaultTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=connections")
			.properties(properties);
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
			count++;
		}
		return count;
	}

}
