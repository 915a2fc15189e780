package dev.connmgmt.test.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(EmbeddedPostgresExtension.class)
class EmbeddedPostgresServerTests {

	@Test
	void superuserLogsInWithItsPassword(EmbeddedPostgresServer server) throws SQLException {
		try (Connection connection = server.superuserDataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getBoolean(1)).isTrue();
		}
	}

	@Test
	void serverIsPostgreSql16OrLater(EmbeddedPostgresServer server) {
		int major = Integer.parseInt(server.serverVersion().split("\\.")[0]);
		assertThat(major).isGreaterThanOrEqualTo(16);
	}

	@Test
	void sharedServerHasNoTls(EmbeddedPostgresServer server) {
		assertThat(server.hasTls()).isFalse();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(server::tls);
	}

	@Test
	void wrongPasswordIsRejectedBySerer(EmbeddedPostgresServer server) {
		TestDatabase database = server.createDatabaseWithOwner("hba");
		PGSimpleDataSource wrong = server.dataSource(database.name(), database.owner().name(), "not-the-password");
		assertThatExceptionOfType(SQLException.class).isThrownBy(wrong::getConnection)
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
	}

	@Test
	void missingPasswordIsRejectedEvenForTheSuperuser(EmbeddedPostgresServer server) {
		PGSimpleDataSource noPassword = server.dataSource("postgres", server.superuser(), null);
		assertThatExceptionOfType(SQLException.class).isThrownBy(noPassword::getConnection)
			.withMessageContaining("password");
	}

	@Test
	void passwordsAreStoredAsScram(EmbeddedPostgresServer server) throws SQLException {
		TestRole role = server.createRole("scram");
		try (Connection connection = server.superuserDataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT rolpassword FROM pg_authid WHERE rolname = '" + role.name() + "'")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getString(1)).startsWith("SCRAM-SHA-256$");
		}
	}

	@Test
	void ownerWorksInItsDatabaseAndItsSessionsAreVisible(EmbeddedPostgresServer server) throws SQLException {
		TestDatabase database = server.createDatabaseWithOwner("owner");
		try (Connection connection = database.ownerDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE t (id int PRIMARY KEY)");
			statement.execute("INSERT INTO t VALUES (1)");
			assertThat(server.backendsOf(database.owner().name())).singleElement()
				.satisfies((backend) -> assertThat(backend.database()).isEqualTo(database.name()));
		}
		assertThat(server.backendsOf(database.owner().name())).isEmpty();
	}

	@Test
	void changedPasswordTakesEffectAndDroppedRoleCannotLogIn(EmbeddedPostgresServer server) throws SQLException {
		TestDatabase database = server.createDatabaseWithOwner("change");
		String role = database.owner().name();
		server.changePassword(role, "second-password");
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> database.ownerDataSource().getConnection().close());
		server.dataSource(database.name(), role, "second-password").getConnection().close();
		TestRole other = server.createRole("dropped");
		server.dropRole(other.name());
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> server.dataSource("postgres", other.name(), other.password()).getConnection());
	}

	@Test
	void sameServerIsSharedAcrossTests(EmbeddedPostgresServer server) {
		assertThat(server).isSameAs(EmbeddedPostgresServer.shared());
		assertThat(server.isClosed()).isFalse();
	}

	@Test
	void secretsStayOutOfToString(EmbeddedPostgresServer server) {
		TestRole role = server.createRole("masked");
		assertThat(role.toString()).doesNotContain(role.password()).contains(role.name());
		assertThat(server.toString()).doesNotContain(server.superuserPassword());
	}

}
