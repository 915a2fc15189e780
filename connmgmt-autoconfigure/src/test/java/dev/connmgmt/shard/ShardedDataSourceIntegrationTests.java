package dev.connmgmt.shard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.connmgmt.autoconfigure.PoolTestApplication;
import dev.connmgmt.test.fault.TcpProxy;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Rows routed by shard key land in the database of their shard's pool; a missing key is an
 * error; a shard that is down fails only the work routed to it.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class ShardedDataSourceIntegrationTests {

	@Test
	void routesByKeyFailsWithoutOneAndIsolatesAShardOutage(EmbeddedPostgresServer server) throws Exception {
		Map<String, TestDatabase> databases = new LinkedHashMap<>();
		for (int shard = 0; shard < 4; shard++) {
			databases.put("users-" + shard, server.createDatabaseWithOwner("users" + shard));
		}
		try (TcpProxy shardOneLink = TcpProxy.to(server.host(), server.port());
				ConfigurableApplicationContext context = start(databases, shardOneLink.port())) {
			ShardedDataSource users = context.getBean("usersShardedDataSource", ShardedDataSource.class);
			JdbcTemplate jdbc = new JdbcTemplate(users);
			for (String pool : databases.keySet()) {
				new JdbcTemplate(context.getBean(pool + "DataSource", DataSource.class))
					.execute("CREATE TABLE users (id int PRIMARY KEY)");
			}
			for (int id = 0; id < 200; id++) {
				int user = id;
				ShardKey.with(user, () -> jdbc.update("INSERT INTO users VALUES (?)", user));
			}
			for (Map.Entry<String, TestDatabase> shard : databases.entrySet()) {
				JdbcTemplate direct = new JdbcTemplate(shard.getValue().ownerDataSource());
				List<Integer> stored = direct.queryForList("SELECT id FROM users", Integer.class);
				assertThat(stored).isNotEmpty().allSatisfy((id) -> assertThat(users.poolFor(id)).isEqualTo(shard.getKey()));
			}
			assertThatExceptionOfType(CannotGetJdbcConnectionException.class)
				.isThrownBy(() -> jdbc.queryForObject("SELECT 1", Integer.class))
				.withCauseInstanceOf(ShardRoutingException.class)
				.satisfies((ex) -> assertThat(ex.getCause()).hasMessageContaining("No shard key for shard group 'users'"));

			shardOneLink.refuse();
			List<Integer> failed = new ArrayList<>();
			List<Integer> served = new ArrayList<>();
			for (int id = 0; id < 40; id++) {
				int user = id;
				try {
					ShardKey.with(user, () -> jdbc.queryForObject("SELECT count(*) FROM users WHERE id = ?", Integer.class, user));
					served.add(user);
				}
				catch (RuntimeException ex) {
					failed.add(user);
				}
			}
			assertThat(failed).isNotEmpty().allSatisfy((id) -> assertThat(users.poolFor(id)).isEqualTo("users-1"));
			assertThat(served).allSatisfy((id) -> assertThat(users.poolFor(id)).isNotEqualTo("users-1"));
			assertThat(served.size() + failed.size()).isEqualTo(40);
		}
	}

	@Test
	void explicitMappingRefusesUnmappedKeys(EmbeddedPostgresServer server) throws Exception {
		TestDatabase eu = server.createDatabaseWithOwner("eu");
		TestDatabase us = server.createDatabaseWithOwner("us");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PoolTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(eu.connmgmtPool("eu"))
			.properties(us.connmgmtPool("us"))
			.properties("connmgmt.pools.eu.primary=true", "connmgmt.shards.regions.pools=eu,us",
					"connmgmt.shards.regions.strategy=explicit", "connmgmt.shards.regions.mapping.de=eu",
					"connmgmt.shards.regions.mapping.ca=us")
			.run()) {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean("regionsShardedDataSource", DataSource.class));
			assertThat(ShardKey.with("ca", () -> jdbc.queryForObject("SELECT current_database()", String.class)))
				.isEqualTo(us.name());
			assertThatExceptionOfType(CannotGetJdbcConnectionException.class)
				.isThrownBy(() -> ShardKey.with("jp", () -> jdbc.queryForObject("SELECT 1", Integer.class)))
				.satisfies((ex) -> assertThat(ex.getCause()).isInstanceOf(ShardRoutingException.class)
					.hasMessageContaining("Shard key 'jp' of shard group 'regions' belongs to no shard"));
		}
	}

	private static ConfigurableApplicationContext start(Map<String, TestDatabase> databases, int shardOnePort) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(PoolTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false);
		databases.forEach((pool, database) -> builder
			.properties(database.connmgmtPool(pool, "users-1".equals(pool) ? shardOnePort : database.server().port())));
		return builder
			.properties("connmgmt.shards.users.pools=users-0,users-1,users-2,users-3",
					"connmgmt.pool-defaults.connection-timeout=500ms", "connmgmt.pool-defaults.validation-timeout=250ms",
					"connmgmt.pool-defaults.maximum-pool-size=2")
			.run();
	}


}
