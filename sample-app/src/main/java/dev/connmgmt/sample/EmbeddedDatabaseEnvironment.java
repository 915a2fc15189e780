package dev.connmgmt.sample;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.test.vault.VaultDevServer;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts an embedded PostgreSQL (password authentication enforced) with one role and
 * database per pool, and points the pools at it, unless
 * {@code sample.embedded-database=false} (the {@code postgres} profile sets that). The
 * orders pool takes short-lived credentials from a Vault dev server
 * ({@link EmbeddedVault}, whose lease lifetimes {@code sample.vault.lease-ttl} and
 * {@code sample.vault.lease-max-ttl} change) unless {@code sample.embedded-vault=false}.
 * The servers are beans created before the pools, so they are stopped after the pools are
 * closed (and their leases revoked).
 */
class EmbeddedDatabaseEnvironment implements SampleEnvironmentPostProcessor {

	static final String[] POOLS = { "orders", "inventory" };

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("sample.embedded-database", Boolean.class, true)) {
			return;
		}
		EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
		Map<String, Object> properties = new LinkedHashMap<>();
		boolean vault = environment.getProperty("sample.embedded-vault", Boolean.class, true);
		VaultDevServer vaultServer = null;
		for (String pool : POOLS) {
			TestDatabase database = server.createDatabaseWithOwner(pool);
			properties.put("connmgmt.pools." + pool + ".url", database.jdbcUrl());
			if (vault && pool.equals("orders")) {
				vaultServer = EmbeddedVault.start(server, database,
						environment.getProperty(EmbeddedVault.TTL_PROPERTY, Duration.class, EmbeddedVault.TTL),
						environment.getProperty(EmbeddedVault.MAX_TTL_PROPERTY, Duration.class, EmbeddedVault.MAX_TTL),
						properties);
			}
			else {
				properties.put("connmgmt.pools." + pool + ".username", database.owner().name());
				properties.put("connmgmt.pools." + pool + ".password", database.owner().password());
			}
		}
		environment.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres", properties));
		VaultDevServer vaultBean = vaultServer;
		application.addInitializers((ConfigurableApplicationContext context) -> {
			GenericApplicationContext registry = (GenericApplicationContext) context;
			registry.registerBean("embeddedPostgres", EmbeddedPostgresServer.class, () -> server);
			if (vaultBean != null) {
				registry.registerBean("embeddedVault", VaultDevServer.class, () -> vaultBean);
			}
		});
	}

}
