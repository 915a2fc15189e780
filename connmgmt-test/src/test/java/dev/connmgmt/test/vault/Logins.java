package dev.connmgmt.test.vault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What PostgreSQL says to credentials and roles, for tests to assert on.
 */
final class Logins {

	private Logins() {
	}

	/**
	 * Log in and return the SQLState of the failure.
	 * @param database the database
	 * @param username the role
	 * @param password the password
	 * @return {@code null} if the login worked, otherwise its SQLState ({@code 28P01} for a
	 * wrong password)
	 */
	static String sqlState(TestDatabase database, String username, String password) {
		try (Connection connection = database.server()
			.dataSource(database.name(), username, password)
			.getConnection()) {
			return connection.isValid(2) ? null : "invalid";
		}
		catch (SQLException ex) {
			return ex.getSQLState();
		}
	}

	static boolean works(TestDatabase database, String username, String password) {
		return sqlState(database, username, password) == null;
	}

	/**
	 * Return when a role's password stops working ({@code VALID UNTIL}).
	 * @param postgres the server
	 * @param role the role
	 * @return the time, {@code null} for never
	 */
	static Instant validUntil(EmbeddedPostgresServer postgres, String role) {
		try (Connection connection = postgres.superuserDataSource().getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT rolvaliduntil FROM pg_roles WHERE rolname = ?")) {
			statement.setString(1, role);
			try (ResultSet result = statement.executeQuery()) {
				assertThat(result.next()).as("role %s exists", role).isTrue();
				Timestamp validUntil = result.getTimestamp(1);
				return (validUntil != null) ? validUntil.toInstant() : null;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static boolean roleExists(EmbeddedPostgresServer postgres, String role) {
		try (Connection connection = postgres.superuserDataSource().getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
			statement.setString(1, role);
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
