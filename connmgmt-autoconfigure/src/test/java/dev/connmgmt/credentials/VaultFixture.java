package dev.connmgmt.credentials;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.test.vault.VaultAdmin;
import dev.connmgmt.test.vault.VaultDevServer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A database with an {@code orders} table and Vault's database secrets engine connected to
 * it, set up through Vault's HTTP API: on the Vault dev server, or on the Vault named by
 * {@code VAULT_ADDR}/{@code VAULT_TOKEN} unless the test needs the dev server's fault
 * switches.
 */
final class VaultFixture implements AutoCloseable {

	final EmbeddedPostgresServer postgres;

	final VaultDevServer server;

	final VaultAdmin vault;

	final TestDatabase database;

	final JdbcTemplate admin;

	private VaultFixture(EmbeddedPostgresServer postgres, boolean faults) {
		this.postgres = postgres;
		VaultAdmin real = faults ? null : VaultAdmin.fromEnvironment();
		this.server = (real == null) ? VaultDevServer.start() : null;
		this.vault = (real != null) ? real : VaultAdmin.of(this.server);
		this.database = postgres.createDatabaseWithOwner("vaulted");
		this.admin = new JdbcTemplate(
				postgres.dataSource(this.database.name(), postgres.superuser(), postgres.superuserPassword()));
		this.admin.execute("CREATE TABLE orders (id int PRIMARY KEY)");
		this.admin.execute("INSERT INTO orders SELECT generate_series(1, 100)");
		this.vault.enableDatabaseEngine("database");
		this.vault.connectPostgres("database", this.database.name(), postgres, this.database.name());
	}

	/**
	 * Set up on the Vault dev server, or on a real Vault when one is named.
	 */
	static VaultFixture start(EmbeddedPostgresServer postgres) {
		return new VaultFixture(postgres, false);
	}

	/**
	 * Set up on the Vault dev server, whose fault switches the test uses.
	 */
	static VaultFixture startWithFaults(EmbeddedPostgresServer postgres) {
		return new VaultFixture(postgres, true);
	}

	/**
	 * Define a dynamic role that may read the orders table.
	 */
	void role(String name, Duration ttl, Duration maxTtl) {
		this.vault.dynamicRole("database", name, this.database.name(), ttl, maxTtl,
				"GRANT CONNECT ON DATABASE " + this.database.name() + " TO \"{{name}}\"",
				"GRANT SELECT ON orders TO \"{{name}}\"");
	}

	/**
	 * Log in with an AppRole whose tokens live {@code tokenTtl}, at most
	 * {@code tokenMaxTtl}, and may read and renew database credentials, instead of the root
	 * token.
	 */
	SpringApplicationBuilder withAppRole(SpringApplicationBuilder application, Duration tokenTtl,
			Duration tokenMaxTtl) {
		this.vault.policy("connmgmt-app", """
				path "database/creds/*" { capabilities = ["read"] }
				path "database/static-creds/*" { capabilities = ["read"] }
				path "sys/leases/renew" { capabilities = ["update"] }
				path "sys/leases/revoke" { capabilities = ["update"] }
				""");
		VaultAdmin.AppRoleLogin login = this.vault.appRole("connmgmt-app", tokenTtl, tokenMaxTtl, "connmgmt-app");
		return application.properties("spring.cloud.vault.authentication=APPROLE",
				"spring.cloud.vault.app-role.role-id=" + login.roleId(),
				"spring.cloud.vault.app-role.secret-id=" + login.secretId(),
				// renew a token a second before it expires; one with two seconds left is spent
				"spring.cloud.vault.session.lifecycle.refresh-before-expiry=1s",
				"spring.cloud.vault.session.lifecycle.expiry-threshold=2s");
	}

	boolean roleExists(String role) {
		return this.admin.queryForObject("SELECT count(*) FROM pg_roles WHERE rolname = ?", Integer.class, role) > 0;
	}

	/**
	 * An application with one pool per name, each reading role {@code <pool>-app}.
	 */
	SpringApplicationBuilder application(String... pools) {
		List<String> properties = new ArrayList<>(List.of("spring.cloud.vault.uri=" + this.vault.address(),
				"spring.cloud.vault.token=" + this.vault.token(),
				"management.endpoint.health.show-details=always"));
		for (String pool : pools) {
			properties.add("connmgmt.pools." + pool + ".url=" + this.database.jdbcUrl());
			properties.add("connmgmt.pools." + pool + ".credentials.source=vault");
			properties.add("connmgmt.pools." + pool + ".credentials.vault.role=" + pool + "-app");
			properties.add("connmgmt.pools." + pool + ".maximum-pool-size=6");
			// leases of a few seconds: renew at half, so a capped renewal leaves half a TTL to drain
			properties.add("connmgmt.pools." + pool + ".credentials.vault.rotate-at=0.5");
		}
		return new SpringApplicationBuilder(VaultTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new));
	}

	@Override
	public void close() {
		if (this.server != null) {
			this.server.close();
		}
	}

}
