package dev.connmgmt.test.fault;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The faults tests inject happen for real: a server of this class's own is stopped, frozen
 * and restarted, and a proxy refuses, resets, delays and black-holes connections to it.
 */
class FaultInjectionTests {

	private static EmbeddedPostgresServer server;

	private static TestDatabase database;

	@BeforeAll
	static void startOwnServer() {
		server = EmbeddedPostgresServer.start();
		database = server.createDatabaseWithOwner("faults");
	}

	@AfterAll
	static void stopOwnServer() {
		server.close();
	}

	@Test
	void proxyPassesDelaysRefusesAndRecovers() throws Exception {
		try (TcpProxy proxy = TcpProxy.to(server.host(), server.port())) {
			PGSimpleDataSource viaProxy = throughProxy(proxy, 5);
			assertThat(selectOne(viaProxy)).isEqualTo(1);
			proxy.delay(Duration.ofMillis(200));
			long started = System.nanoTime();
			assertThat(selectOne(viaProxy)).isEqualTo(1);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
			proxy.refuse();
			started = System.nanoTime();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> selectOne(viaProxy))
				.satisfies((ex) -> assertThat(ex.getSQLState()).startsWith("08"));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
			proxy.pass();
			assertThat(selectOne(viaProxy)).isEqualTo(1);
		}
	}

	@Test
	void resetBreaksOpenConnections() throws Exception {
		try (TcpProxy proxy = TcpProxy.to(server.host(), server.port());
				Connection connection = throughProxy(proxy, 5).getConnection()) {
			assertThat(connection.isValid(2)).isTrue();
			proxy.resetAll();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> execute(connection, "SELECT 1"));
		}
	}

	@Test
	void blackHoleHangsReadsUntilTheClientsOwnTimeout() throws Exception {
		try (TcpProxy proxy = TcpProxy.to(server.host(), server.port());
				Connection connection = throughProxy(proxy, 1).getConnection()) {
			proxy.blackhole();
			long started = System.nanoTime();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> execute(connection, "SELECT 1"));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900),
					Duration.ofSeconds(3));
		}
	}

	@Test
	void stoppedServerRefusesAndRestartedServerServes() throws Exception {
		PGSimpleDataSource direct = server.dataSource(database.name(), database.owner().name(),
				database.owner().password());
		try (Connection open = direct.getConnection()) {
			server.stop();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> execute(open, "SELECT 1"));
			assertThatExceptionOfType(SQLException.class).isThrownBy(direct::getConnection)
				.satisfies((ex) -> assertThat(ex.getSQLState()).startsWith("08"));
		}
		finally {
			server.restart();
		}
		assertThat(selectOne(direct)).isEqualTo(1);
	}

	@Test
	void frozenServerHangsAndThawedServerAnswers() throws Exception {
		PGSimpleDataSource direct = server.dataSource(database.name(), database.owner().name(),
				database.owner().password());
		direct.setSocketTimeout(1);
		try (Connection open = direct.getConnection()) {
			server.freeze();
			try {
				long started = System.nanoTime();
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> execute(open, "SELECT 1"));
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
			}
			finally {
				server.thaw();
			}
		}
		assertThat(selectOne(direct)).isEqualTo(1);
	}

	private static PGSimpleDataSource throughProxy(TcpProxy proxy, int socketTimeoutSeconds) {
		PGSimpleDataSource dataSource = server.dataSource(database.name(), database.owner().name(),
				database.owner().password());
		dataSource.setPortNumbers(new int[] { proxy.port() });
		dataSource.setSocketTimeout(socketTimeoutSeconds);
		dataSource.setConnectTimeout(2);
		return dataSource;
	}

	private static int selectOne(PGSimpleDataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				var result = statement.executeQuery("SELECT 1")) {
			result.next();
			return result.getInt(1);
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
