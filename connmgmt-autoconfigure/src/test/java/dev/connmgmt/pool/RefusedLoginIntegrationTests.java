package dev.connmgmt.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.connmgmt.autoconfigure.PoolTestApplication;
import dev.connmgmt.credentials.Credentials;
import dev.connmgmt.failure.SqlFailures;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.Driver;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.zaxxer.hikari.HikariConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A refused login is about the connections still to be opened, not about those a pool
 * already has: while healthy connections can serve a borrow, the login backoff must not
 * fail it, and new credentials end the backoff at once.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class RefusedLoginIntegrationTests {

	@Test
	void healthyIdleConnectionsServeBorrowsWhileAReplacementLoginIsRefused(EmbeddedPostgresServer server)
			throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("lagging");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PoolTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(database.connmgmtPool("lagging"))
			.properties("connmgmt.pools.lagging.maximum-pool-size=3", "connmgmt.pools.lagging.connection-timeout=2s",
					"connmgmt.pools.lagging.validation-timeout=1s")
			.run()) {
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> pool.getHikariDataSource().getHikariPoolMXBean().getIdleConnections() == 3);
			// the password changes on the server; the application's secret lags behind
			server.changePassword(database.owner().name(), "rotated-elsewhere");
			try (Connection replaced = pool.getConnection()) {
				pool.getHikariDataSource().evictConnection(replaced);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> pool.getConnectionFactory().loginRefused());
			for (int i = 0; i < 50; i++) {
				try (Connection connection = pool.getConnection()) {
					assertThat(connection.isValid(1)).isTrue();
				}
			}
		}
	}

	@Test
	void newCredentialsEndTheBackoffAtOnce(EmbeddedPostgresServer server) throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("renewed");
		MutableCredentialSource source = new MutableCredentialSource(
				new Credentials(database.owner().name(), "wrong", 1));
		PhysicalConnectionFactory factory = new PhysicalConnectionFactory("renewed", new Driver(),
				database.jdbcUrl(), Map.of(), source, SqlFailures.defaults());
		HikariConfig config = new HikariConfig();
		config.setMaximumPoolSize(2);
		config.setConnectionTimeout(1000);
		config.setInitializationFailTimeout(-1);
		try (ManagedDataSource pool = new ManagedDataSource("renewed", config, factory, true, null)) {
			assertThatExceptionOfType(PoolAuthenticationException.class).isThrownBy(pool::getConnection);
			// refused a second time while the first refusal's backoff runs
			assertThatExceptionOfType(PoolAuthenticationException.class).isThrownBy(pool::getConnection);
			source.set(new Credentials(database.owner().name(), database.owner().password(), 2));
			try (Connection connection = pool.getConnection()) {
				assertThat(connection.isValid(1)).isTrue();
			}
		}
	}

	@Test
	void callersWaitForCredentialsBeingReplacedInsteadOfFailing(EmbeddedPostgresServer server) throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("replaced");
		String user = database.owner().name();
		AtomicLong replacing = new AtomicLong(-1);
		MutableCredentialSource source = new MutableCredentialSource(
				new Credentials(user, database.owner().password(), 1)) {

			@Override
			public void rejected(Credentials rejected, SQLException failure) {
				if (replacing.compareAndSet(-1, rejected.generation())) {
					// a source that takes a second to obtain new credentials, as Vault may
					CompletableFuture.runAsync(() -> {
						set(new Credentials(user, "rotated-elsewhere", rejected.generation() + 1));
						replacing.set(-1);
					}, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
				}
			}

			@Override
			public boolean replacing(long refusedGeneration) {
				return replacing.get() == refusedGeneration;
			}

		};
		PhysicalConnectionFactory factory = new PhysicalConnectionFactory("replaced", new Driver(), database.jdbcUrl(),
				Map.of(), source, SqlFailures.defaults());
		HikariConfig config = new HikariConfig();
		config.setMaximumPoolSize(1);
		config.setConnectionTimeout(5000);
		try (ManagedDataSource pool = new ManagedDataSource("replaced", config, factory, false, null)) {
			pool.start();
			server.changePassword(user, "rotated-elsewhere");
			try (Connection replaced = pool.getConnection()) {
				pool.getHikariDataSource().evictConnection(replaced);
			}
			await().atMost(Duration.ofSeconds(10)).until(factory::loginRefused);
			try (Connection connection = pool.getConnection()) {
				assertThat(connection.isValid(1)).isTrue();
			}
			assertThat(source.current().generation()).isEqualTo(2);
		}
	}

}
