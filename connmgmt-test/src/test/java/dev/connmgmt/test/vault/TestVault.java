package dev.connmgmt.test.vault;

import java.util.List;
import java.util.Map;

import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Vault a test talks to: the one at {@code VAULT_ADDR} with {@code VAULT_TOKEN} when
 * both are set (it must reach the embedded PostgreSQL on localhost), otherwise a dev
 * server of the test's own. Either way the test sets it up only through the HTTP API, with
 * {@link VaultAdmin}.
 */
final class TestVault implements AutoCloseable {

	private final VaultDevServer devServer;

	private final VaultAdmin root;

	private TestVault(VaultDevServer devServer, VaultAdmin root) {
		this.devServer = devServer;
		this.root = root;
	}

	static TestVault start() {
		VaultAdmin real = VaultAdmin.fromEnvironment();
		return (real != null) ? new TestVault(null, real) : devServer();
	}

	static TestVault devServer() {
		VaultDevServer server = VaultDevServer.start();
		return new TestVault(server, VaultAdmin.of(server));
	}

	VaultDevServer server() {
		return this.devServer;
	}

	VaultAdmin root() {
		return this.root;
	}

	/**
	 * Mount the database secrets engine at {@code database/} (if it is not yet) and
	 * configure connection {@code pg} to the given database.
	 * @param postgres the server
	 * @param database the database
	 * @param allowedRoles the roles that may use the connection
	 */
	void configureDatabase(EmbeddedPostgresServer postgres, TestDatabase database, String... allowedRoles) {
		VaultResponse mounted = this.root.exchange("POST", "sys/mounts/database", Map.of("type", "database"));
		assertThat(mounted.status() == 204 || mounted.body().contains("already in use")).as(mounted.body())
			.isTrue();
		this.root.write("database/config/pg", Map.of("plugin_name", "postgresql-database-plugin", "connection_url",
				"postgresql://{{username}}:{{password}}@localhost:" + postgres.port() + "/" + database.name(),
				"username", postgres.superuser(), "password", postgres.superuserPassword(), "allowed_roles",
				List.of(allowedRoles)));
	}

	/**
	 * Define a role whose credentials may log in to the database until their expiration.
	 * @param name the role name
	 * @param database the database
	 * @param ttl the default TTL
	 * @param maxTtl the max TTL
	 */
	void defineRole(String name, TestDatabase database, String ttl, String maxTtl) {
		this.root.write("database/roles/" + name, Map.of("db_name", "pg", "creation_statements",
				List.of("CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'",
						"GRANT CONNECT ON DATABASE " + database.name() + " TO \"{{name}}\""),
				"default_ttl", ttl, "max_ttl", maxTtl));
	}

	@Override
	public void close() {
		if (this.devServer != null) {
			this.devServer.close();
		}
	}

}
