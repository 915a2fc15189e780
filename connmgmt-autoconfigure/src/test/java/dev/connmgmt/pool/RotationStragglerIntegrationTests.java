package dev.connmgmt.pool;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import dev.connmgmt.credentials.Credentials;
import dev.connmgmt.failure.SqlFailures;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.Driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rotation retires every connection of the old credentials, including one that had
 * logged in but was still being set up (connection-init-sql) when the credentials
 * changed, and it reconnects the new generation no more than once.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class RotationStragglerIntegrationTests {

	@Test
	void aConnectionBeingSetUpDuringARotationIsRetired(EmbeddedPostgresServer server) throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("straggler");
		RotatingSource source = new RotatingSource(
				new Credentials(database.owner().name(), database.owner().password(), 1));
		PhysicalConnectionFactory factory = new PhysicalConnectionFactory("straggler", new Driver(),
				database.jdbcUrl(), Map.of(), source, SqlFailures.defaults());
		HikariConfig config = new HikariConfig();
		config.setMaximumPoolSize(2);
		config.setMinimumIdle(1);
		config.setConnectionInitSql("SELECT pg_sleep(0.3)");
		try (ManagedDataSource pool = new ManagedDataSource("straggler", config, factory, false, null)) {
			pool.start();
			try (Connection held = pool.getConnection()) {
				// HikariCP adds a connection to keep one idle; rotate while it runs its init SQL
				await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
					.until(() -> server.backendsOf(database.owner().name()).stream()
						.anyMatch((backend) -> "active".equals(backend.state())));
				source.rotate(new Credentials(database.owner().name(), database.owner().password(), 2));
			}
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(factory.openConnections(1)).as("generation 1").isZero();
				assertThat(factory.openConnections(2)).as("generation 2").isPositive();
			});
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
				.until(() -> factory.openConnections(1) == 0);
		}
	}

	@Test
	void aRotationDuringALoginReconnectsThePoolOnce(EmbeddedPostgresServer server) throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("once");
		RotatingSource source = new RotatingSource(
				new Credentials(database.owner().name(), database.owner().password(), 1));
		PhysicalConnectionFactory factory = new PhysicalConnectionFactory("once", new Driver(), database.jdbcUrl(),
				Map.of(), source, SqlFailures.defaults());
		HikariConfig config = new HikariConfig();
		config.setMaximumPoolSize(3);
		try (ManagedDataSource pool = new ManagedDataSource("once", config, factory, false, null)) {
			pool.start();
			await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(500))
				.until(() -> factory.openConnections(1) == 3);
			// HikariCP replaces a connection; its login is still in flight when the credentials change
			source.holdLogins();
			try (Connection replaced = pool.getConnection()) {
				pool.getHikariDataSource().evictConnection(replaced);
			}
			await().atMost(Duration.ofSeconds(10)).until(source::loginHeld);
			Thread rotation = new Thread(() -> source
				.rotate(new Credentials(database.owner().name(), database.owner().password(), 2)));
			rotation.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> factory.openConnections(1) == 0);
			source.releaseLogins();
			rotation.join(15_000);
			await().atMost(Duration.ofSeconds(10)).until(() -> factory.openConnections(2) == 3);
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
				.until(() -> factory.openConnections(2) == 3);
			assertThat(factory.openedConnections()).as("3 connections, then 3 of the new generation").isEqualTo(6);
		}
	}

	/**
	 * A source whose credentials the test rotates, and which can hold the logins of
	 * HikariCP's connection adder in flight.
	 */
	static final class RotatingSource extends MutableCredentialSource {

		private final CountDownLatch held = new CountDownLatch(1);

		private volatile CountDownLatch gate;

		RotatingSource(Credentials first) {
			super(first);
		}

		void holdLogins() {
			this.gate = new CountDownLatch(1);
		}

		boolean loginHeld() {
			return this.held.getCount() == 0;
		}

		void releaseLogins() {
			this.gate.countDown();
		}

		@Override
		public Credentials current() {
			CountDownLatch gate = this.gate;
			if (gate != null && Thread.currentThread().getName().contains("connection-adder")) {
				this.held.countDown();
				try {
					gate.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return super.current();
		}

	}

}
