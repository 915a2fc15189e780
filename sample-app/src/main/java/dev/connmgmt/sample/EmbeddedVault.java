package dev.connmgmt.sample;

import java.time.Duration;
import java.util.Map;

import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.test.vault.VaultAdmin;
import dev.connmgmt.test.vault.VaultDevServer;

/**
 * A Vault dev server whose database secrets engine issues the orders pool its credentials:
 * each lease lives 40 seconds and at most 80, so the pool renews, then rotates to a new
 * role about once a minute while the shop serves requests. Every issued role acts as the
 * database's owner ({@code SET role}), so the tables it creates outlive it.
 * <p>
 * {@code sample.vault.lease-ttl} and {@code sample.vault.lease-max-ttl} change the two
 * lifetimes, to watch rotations come faster. A lease shorter than the orders pool's request
 * limit ({@code timeouts.request}, 25 s) over what the rotation point leaves of it is
 * refused at startup unless {@code connmgmt.validation.accept} includes
 * {@code drain-within-lease}.
 */
final class EmbeddedVault {

	static final Duration TTL = Duration.ofSeconds(40);

	static final Duration MAX_TTL = Duration.ofSeconds(80);

	static final String TTL_PROPERTY = "sample.vault.lease-ttl";

	static final String MAX_TTL_PROPERTY = "sample.vault.lease-max-ttl";

	private EmbeddedVault() {
	}

	/**
	 * Start the server, set up the engine for the orders database through Vault's HTTP
	 * API, and return the settings that point Spring Cloud Vault and the pool at it.
	 */
	static VaultDevServer start(EmbeddedPostgresServer postgres, TestDatabase orders, Duration ttl, Duration maxTtl,
			Map<String, Object> properties) {
		VaultDevServer server = VaultDevServer.start();
		VaultAdmin vault = VaultAdmin.of(server);
		vault.enableDatabaseEngine("database");
		vault.connectPostgres("database", "orders", postgres, orders.name());
		String owner = orders.owner().name();
		vault.dynamicRole("database", "orders-app", "orders", ttl, maxTtl,
				"GRANT CONNECT ON DATABASE " + orders.name() + " TO \"{{name}}\"",
				"GRANT \"" + owner + "\" TO \"{{name}}\"", "ALTER ROLE \"{{name}}\" SET role = '" + owner + "'");
		properties.put("spring.cloud.vault.uri", server.address());
		properties.put("spring.cloud.vault.token", server.rootToken());
		properties.put("connmgmt.pools.orders.credentials.source", "vault");
		properties.put("connmgmt.pools.orders.credentials.vault.role", "orders-app");
		// rotate early enough that a request of up to timeouts.request (25s) that borrowed a
		// connection just before a rotation ends before the old 40s lease does
		properties.put("connmgmt.pools.orders.credentials.vault.rotate-at", "0.3");
		return server;
	}

}
