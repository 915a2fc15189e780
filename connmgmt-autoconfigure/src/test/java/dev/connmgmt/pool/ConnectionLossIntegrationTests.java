package dev.connmgmt.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.connmgmt.autoconfigure.PoolTestApplication;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * After a connection-class failure, the pool's other connections, opened before it, are
 * checked before anyone is handed one: a retry never gets a connection the server already
 * closed. HikariCP alone hands out a connection used less than half a second ago without
 * testing it.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class ConnectionLossIntegrationTests {

	@Test
	void connectionsOpenedBeforeAConnectionFailureAreCheckedBeforeTheyAreHandedOut(EmbeddedPostgresServer server)
			throws Exception {
		TestDatabase database = server.createDatabaseWithOwner("lost");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PoolTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(database.connmgmtPool("lost"))
			.properties("connmgmt.pools.lost.maximum-pool-size=4", "connmgmt.pools.lost.connection-timeout=2s",
					"connmgmt.pools.lost.validation-timeout=1s")
			.run()) {
			ManagedDataSource pool = context.getBean(ManagedDataSource.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> pool.getHikariDataSource().getHikariPoolMXBean().getIdleConnections() == 4);
			for (int round = 0; round < 3; round++) {
				List<Connection> borrowed = borrowEveryConnection(pool);
				// the server ends every session of the role (a restart or a DBA looks the same)
				assertThat(server.terminateBackendsOf(database.owner().name())).isEqualTo(4);
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> query(borrowed.get(0)))
					.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("57P01"));
				// returned just now, the other three would be handed out again untested
				for (Connection connection : borrowed) {
					connection.close();
				}
				for (int i = 0; i < 8; i++) {
					try (Connection connection = pool.getConnection()) {
						query(connection);
					}
				}
			}
		}
	}

	private static List<Connection> borrowEveryConnection(ManagedDataSource pool) throws SQLException {
		List<Connection> borrowed = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Connection connection = pool.getConnection();
			borrowed.add(connection);
			query(connection);
		}
		return borrowed;
	}

	private static void query(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SELECT 1");
		}
	}

}
