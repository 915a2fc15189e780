package dev.connmgmt.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts an embedded PostgreSQL (password authentication enforced) with one role and
 * database per pool, and points the pools at it, unless
 * {@code sample.embedded-database=false} (the {@code postgres} profile sets that). The server
 * is a bean created before the pools, so it is stopped after they are closed.
 */
class EmbeddedDatabaseEnvironment implements EnvironmentPostProcessor {

	static final String[] POOLS = { "orders", "inventory" };

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("sample.embedded-database", Boolean.class, true)) {
			return;
		}
		EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
		Map<String, Object> properties = new LinkedHashMap<>();
		for (String pool : POOLS) {
			TestDatabase database = server.createDatabaseWithOwner(pool);
			properties.put("connmgmt.pools." + pool + ".url", database.jdbcUrl());
			properties.put("connmgmt.pools." + pool + ".username", database.owner().name());
			properties.put("connmgmt.pools." + pool + ".password", database.owner().password());
		}
		environment.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres", properties));
		application.addInitializers((ConfigurableApplicationContext context) -> ((GenericApplicationContext) context)
			.registerBean("embeddedPostgres", EmbeddedPostgresServer.class, () -> server));
	}

}
