package dev.connmgmt.lifecycle;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import dev.connmgmt.autoconfigure.PoolTestApplication;
import dev.connmgmt.internal.lifecycle.PoolSizeAdvisor;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.test.fault.TcpProxy;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pool-size advice read from the real server's max_connections, logged and kept, never
 * applied.
 */
@ExtendWith({ EmbeddedPostgresExtension.class, OutputCaptureExtension.class })
class PoolSizeAdvisorIntegrationTests {

	@Test
	void fleetLargerThanMaxConnectionsIsWarnedAndTheStartingPointLogged(EmbeddedPostgresServer server,
			CapturedOutput output) {
		TestDatabase database = server.createDatabaseWithOwner("advice");
		try (ConfigurableApplicationContext context = start(database, "connmgmt.fleet.replicas=40",
				"connmgmt.fleet.database-cores=4")) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(context.getBean(PoolSizeAdvisor.class).getAdvice())
					.anySatisfy((advice) -> {
						assertThat(advice.warning()).isTrue();
						assertThat(advice.message()).contains("maximum-pool-size 10 x 40 replicas")
							.contains("= 400 connections, more than the database's max_connections of 300");
					})
					.anySatisfy((advice) -> {
						assertThat(advice.warning()).isFalse();
						assertThat(advice.message()).contains("(cores x 2) + spindles starting point is 9");
					}));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(output).contains("more than the database's max_connections of 300"));
			assertThat(context.getBean(ManagedDataSource.class).getHikariDataSource().getMaximumPoolSize())
				.isEqualTo(10);
		}
	}

	@Test
	void fleetWithinMaxConnectionsIsNotWarned(EmbeddedPostgresServer server) {
		TestDatabase database = server.createDatabaseWithOwner("advice");
		try (ConfigurableApplicationContext context = start(database, "connmgmt.fleet.replicas=3")) {
			assertThat(context.getBean(PoolSizeAdvisor.class).getAdvice()).isNotEmpty()
				.noneSatisfy((advice) -> assertThat(advice.warning()).isTrue());
		}
	}

	@Test
	void startupWithTheDatabaseDownDoesNotWaitForAConnectionAndAdvisesOnceItIsBack(EmbeddedPostgresServer server)
			throws SQLException {
		TestDatabase first = server.createDatabaseWithOwner("advice");
		TestDatabase second = server.createDatabaseWithOwner("advice");
		Duration connectionTimeout = Duration.ofSeconds(30);
		try (TcpProxy proxy = TcpProxy.to(server.host(), server.port())) {
			proxy.refuse();
			long started = System.nanoTime();
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PoolTestApplication.class)
				.web(WebApplicationType.NONE)
				.logStartupInfo(false)
				.properties(first.connmgmtPool("first", proxy.port()))
				.properties(second.connmgmtPool("second", proxy.port()))
				.properties("connmgmt.pools.first.primary=true", "connmgmt.pool-defaults.minimum-idle=1",
						"connmgmt.pool-defaults.initialization-fail-timeout=-1",
						"connmgmt.pool-defaults.connection-timeout=" + connectionTimeout.toMillis() + "ms",
						"connmgmt.fleet.replicas=40")
				.run()) {
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(connectionTimeout.dividedBy(3));
				PoolSizeAdvisor advisor = context.getBean(PoolSizeAdvisor.class);
				assertThat(advisor.getAdvice()).noneSatisfy(
						(advice) -> assertThat(advice.message()).contains("max_connections"));
				proxy.pass();
				for (String pool : new String[] { "firstDataSource", "secondDataSource" }) {
					try (Connection connection = context.getBean(pool, DataSource.class).getConnection()) {
						assertThat(connection.isValid(1)).isTrue();
					}
				}
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(advisor.getAdvice()).filteredOn(
							(advice) -> advice.message().contains("more than the database's max_connections of 300"))
						.extracting(PoolSizeAdvice::pool)
						.containsExactlyInAnyOrder("first", "second"));
			}
		}
	}

	@Test
	void theAdviceOnMaxConnectionsOpensNoConnectionBesidesThePools(EmbeddedPostgresServer server) {
		TestDatabase database = server.createDatabaseWithOwner("advice");
		String url = CountingDriver.PREFIX + database.jdbcUrl().substring("jdbc:".length());
		int loginsBefore = CountingDriver.logins.get();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PoolTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("connmgmt.pools.advice.url=" + url,
					"connmgmt.pools.advice.driver-class-name=" + CountingDriver.class.getName(),
					"connmgmt.pools.advice.username=" + database.owner().name(),
					"connmgmt.pools.advice.password=" + database.owner().password(),
					"connmgmt.pools.advice.minimum-idle=1", "connmgmt.fleet.replicas=40")
			.run()) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(context.getBean(PoolSizeAdvisor.class).getAdvice())
					.anySatisfy((advice) -> assertThat(advice.message())
						.contains("more than the database's max_connections of 300")));
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			assertThat(CountingDriver.logins.get() - loginsBefore).isEqualTo(pool.getConnectionsOpened());
		}
	}

	private static ConfigurableApplicationContext start(TestDatabase database, String... fleet) {
		return new SpringApplicationBuilder(PoolTestApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("connmgmt.pools.advice.url=" + database.jdbcUrl(),
					"connmgmt.pools.advice.username=" + database.owner().name(),
					"connmgmt.pools.advice.password=" + database.owner().password(),
					"connmgmt.pools.advice.minimum-idle=1")
			.properties(fleet)
			.run();
	}

	/**
	 * The PostgreSQL driver under {@code jdbc:counted:} URLs, counting every login the
	 * database sees, whoever asked for it.
	 */
	public static final class CountingDriver implements Driver {

		static final String PREFIX = "jdbc:counted:";

		static final AtomicInteger logins = new AtomicInteger();

		private final Driver postgres = new org.postgresql.Driver();

		@Override
		public Connection connect(String url, Properties info) throws SQLException {
			if (!acceptsURL(url)) {
				return null;
			}
			Connection connection = this.postgres.connect("jdbc:" + url.substring(PREFIX.length()), info);
			logins.incrementAndGet();
			return connection;
		}

		@Override
		public boolean acceptsURL(String url) {
			return url != null && url.startsWith(PREFIX);
		}

		@Override
		public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
			return this.postgres.getPropertyInfo("jdbc:" + url.substring(PREFIX.length()), info);
		}

		@Override
		public int getMajorVersion() {
			return this.postgres.getMajorVersion();
		}

		@Override
		public int getMinorVersion() {
			return this.postgres.getMinorVersion();
		}

		@Override
		public boolean jdbcCompliant() {
			return false;
		}

		@Override
		public Logger getParentLogger() throws SQLFeatureNotSupportedException {
			throw new SQLFeatureNotSupportedException();
		}

	}

}
