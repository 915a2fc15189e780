package dev.connmgmt.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.PoolAuthenticationException;
import dev.connmgmt.test.fault.TcpProxy;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Named pools against the real embedded PostgreSQL, through an application context started
 * the way a user's application starts.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PoolConnectionsIntegrationTests {

	private static EmbeddedPostgresServer server;

	@BeforeAll
	static void keepServer(EmbeddedPostgresServer embedded) {
		server = embedded;
	}

	@Test
	void minimumIdleAndMaximumPoolSizeAreHonouredAndNoBackendOutlivesTheContext() throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("sizes");
		String role = database.owner().name();
		try (ConfigurableApplicationContext context = start(database, "connmgmt.pools.sizes.minimum-idle=2",
				"connmgmt.pools.sizes.maximum-pool-size=4", "connmgmt.pools.sizes.connection-timeout=500ms",
				"connmgmt.pools.sizes.validation-timeout=400ms")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> server.backendsOf(role).size() == 2);
			DataSource pool = context.getBean("sizesDataSource", DataSource.class);
			List<Connection> borrowed = new ArrayList<>();
			try {
				for (int i = 0; i < 4; i++) {
					borrowed.add(pool.getConnection());
				}
				assertThat(server.backendsOf(role)).hasSize(4);
				assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(pool::getConnection);
				assertThat(server.backendsOf(role)).hasSize(4);
			}
			finally {
				for (Connection connection : borrowed) {
					connection.close();
				}
			}
		}
		// a backend leaves pg_stat_activity when its process has exited, just after the client closed it
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.backendsOf(role)).isEmpty());
	}

	@Test
	void twoPoolsOpenTheirConnectionsAsTheirOwnRoles() {
		TestDatabase orders = server.createDatabaseWithOwner("orders");
		TestDatabase audit = server.createDatabaseWithOwner("audit");
		List<String> properties = new ArrayList<>();
		properties.addAll(List.of(orders.connmgmtPool("orders")));
		properties.addAll(List.of(audit.connmgmtPool("audit")));
		properties.addAll(List.of("connmgmt.pools.orders.primary=true", "connmgmt.pools.orders.minimum-idle=1",
				"connmgmt.pools.audit.minimum-idle=3"));
		try (ConfigurableApplicationContext context = application(properties.toArray(String[]::new)).run()) {
			JdbcTemplate primary = context.getBean(JdbcTemplate.class);
			JdbcTemplate auditJdbc = new JdbcTemplate(context.getBean("auditDataSource", DataSource.class));
			primary.execute("CREATE TABLE orders (id int PRIMARY KEY)");
			primary.update("INSERT INTO orders VALUES (1), (2)");
			auditJdbc.execute("CREATE TABLE events (id int PRIMARY KEY)");
			assertThat(primary.queryForObject("SELECT count(*) FROM orders", Integer.class)).isEqualTo(2);
			assertThat(auditJdbc.queryForObject("SELECT count(*) FROM events", Integer.class)).isZero();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(server.backendsOf(orders.owner().name())).isNotEmpty()
					.allSatisfy((backend) -> assertThat(backend.database()).isEqualTo(orders.name()));
				assertThat(server.backendsOf(audit.owner().name())).hasSize(3)
					.allSatisfy((backend) -> assertThat(backend.database()).isEqualTo(audit.name()));
			});
		}
		// a backend leaves pg_stat_activity when its process has exited, just after the client closed it
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(server.backendsOf(orders.owner().name())).isEmpty();
			assertThat(server.backendsOf(audit.owner().name())).isEmpty();
		});
	}

	@Test
	void wrongPasswordStopsStartupAtOnceNamingThePool() {
		TestDatabase database = server.createDatabaseWithOwner("refused");
		long started = System.nanoTime();
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> application(
				"connmgmt.pools.refused.url=" + database.jdbcUrl(),
				"connmgmt.pools.refused.username=" + database.owner().name(),
				"connmgmt.pools.refused.password=wrong-password")
			.run());
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		var analysis = dev.connmgmt.lifecycle.RecordingFailureAnalysisReporter.take();
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("Pool 'refused'")
			.contains("authentication failed for user '" + database.owner().name() + "'")
			.contains("28P01")
			.doesNotContain("wrong-password");
		assertThat(analysis.getAction()).contains("connmgmt.pools.refused.username")
			.contains("connmgmt.pools.refused.password");
	}

	@Test
	void wrongPasswordOnALazyPoolFailsFastWithATypedErrorAndRecoversWhenFixed() throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("lazyauth");
		try (ConfigurableApplicationContext context = application(
				"connmgmt.pools.lazyauth.url=" + database.jdbcUrl(),
				"connmgmt.pools.lazyauth.username=" + database.owner().name(),
				"connmgmt.pools.lazyauth.password=configured-password", "connmgmt.pools.lazyauth.lazy=true")
			.run()) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			for (int attempt = 0; attempt < 3; attempt++) {
				long started = System.nanoTime();
				assertThatExceptionOfType(CannotGetJdbcConnectionException.class)
					.isThrownBy(() -> jdbc.queryForObject("SELECT 1", Integer.class))
					.havingCause()
					.isInstanceOf(PoolAuthenticationException.class)
					.withMessageContaining("Pool 'lazyauth': authentication failed");
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
			}
			assertThatExceptionOfType(PoolAuthenticationException.class)
				.isThrownBy(() -> context.getBean(DataSource.class).getConnection())
				.satisfies((ex) -> {
					assertThat(ex.getPoolName()).isEqualTo("lazyauth");
					assertThat(ex.getMessage()).contains("Pool 'lazyauth'")
						.contains("authentication failed")
						.doesNotContain("configured-password");
				});
			server.changePassword(database.owner().name(), "configured-password");
			await().atMost(Duration.ofSeconds(40))
				.ignoreExceptions()
				.until(() -> jdbc.queryForObject("SELECT 1", Integer.class) == 1);
		}
	}

	@Test
	void lazyPoolOpensNothingUntilFirstUseThenOnePoolServesRacingThreads() throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("lazy");
		String role = database.owner().name();
		try (ConfigurableApplicationContext context = start(database, "connmgmt.pools.lazy.lazy=true",
				"connmgmt.pools.lazy.maximum-pool-size=4", "connmgmt.pools.lazy.minimum-idle=1")) {
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			await().during(Duration.ofMillis(300))
				.atMost(Duration.ofSeconds(2))
				.until(() -> server.backendsOf(role).isEmpty());
			assertThat(pool.isRunning()).isFalse();
			int threads = 64;
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			try {
				CountDownLatch go = new CountDownLatch(1);
				List<Future<Integer>> results = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					results.add(executor.submit(() -> {
						go.await();
						try (Connection connection = pool.getConnection()) {
							assertThat(connection.isValid(1)).isTrue();
							return System.identityHashCode(pool.getHikariDataSource().getHikariPoolMXBean());
						}
					}));
				}
				go.countDown();
				List<Integer> poolIdentities = new ArrayList<>();
				for (Future<Integer> result : results) {
					poolIdentities.add(result.get());
				}
				assertThat(poolIdentities).hasSize(threads).containsOnly(poolIdentities.get(0));
			}
			finally {
				executor.shutdownNow();
			}
			assertThat(pool.isRunning()).isTrue();
			assertThat(server.backendsOf(role)).hasSizeBetween(1, 4);
		}
		// a backend leaves pg_stat_activity a moment after its client closed the socket
		await().atMost(Duration.ofSeconds(5)).until(() -> server.backendsOf(role).isEmpty());
	}

	@Test
	void negativeInitializationFailTimeoutStartsWithoutTheDatabaseAndConnectsOnceItIsBack() {
		TestDatabase database = server.createDatabaseWithOwner("later");
		try (TcpProxy proxy = TcpProxy.to(server.host(), server.port())) {
			proxy.refuse();
			long started = System.nanoTime();
			try (ConfigurableApplicationContext context = application(
					"connmgmt.pools.later.url=jdbc:postgresql://localhost:" + proxy.port() + "/" + database.name(),
					"connmgmt.pools.later.username=" + database.owner().name(),
					"connmgmt.pools.later.password=" + database.owner().password(),
					"connmgmt.pools.later.initialization-fail-timeout=-1",
					"connmgmt.pools.later.connection-timeout=500ms", "connmgmt.pools.later.validation-timeout=250ms")
				.run()) {
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				assertThatExceptionOfType(CannotGetJdbcConnectionException.class)
					.isThrownBy(() -> jdbc.queryForObject("SELECT 1", Integer.class));
				proxy.pass();
				await().atMost(Duration.ofSeconds(15))
					.ignoreExceptions()
					.until(() -> jdbc.queryForObject("SELECT 1", Integer.class) == 1);
			}
		}
	}

	private static ConfigurableApplicationContext start(TestDatabase database, String... extra) {
		String name = poolNameOf(extra);
		List<String> properties = new ArrayList<>(List.of(database.connmgmtPool(name)));
		properties.addAll(List.of(extra));
		return application(properties.toArray(String[]::new)).run();
	}

	private static String poolNameOf(String... properties) {
		return properties[0].split("\\.")[2];
	}

	private static SpringApplicationBuilder application(String... properties) {
		return new SpringApplicationBuilder(PoolTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties);
	}

	static void close(Connection connection) throws SQLException {
		connection.close();
	}

}
