package dev.connmgmt.test.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

/**
 * Role, database and session administration through the superuser. Identifiers and
 * passwords are quoted by the server ({@code format('%I', ...)}, {@code format('%L', ...)}).
 */
final class Roles {

	private final DataSource superuser;

	Roles(DataSource superuser) {
		this.superuser = superuser;
	}

	TestRole createRole(String name, String password) {
		executeFormatted("CREATE ROLE %I LOGIN PASSWORD %L", name, password);
		return new TestRole(name, password);
	}

	String createDatabase(String name, String owner) {
		executeFormatted("CREATE DATABASE %I OWNER %I", name, owner);
		return name;
	}

	void changePassword(String name, String password) {
		executeFormatted("ALTER ROLE %I PASSWORD %L", name, password);
	}

	void dropRole(String name) {
		terminateBackendsOf(name);
		executeFormatted("DROP ROLE IF EXISTS %I", name);
	}

	int terminateBackendsOf(String role) {
		String sql = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = ?";
		try (Connection connection = this.superuser.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, role);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not terminate the sessions of role " + role, ex);
		}
	}

	List<EmbeddedPostgresServer.Backend> backendsOf(String role) {
		String sql = "SELECT pid, usename, datname, application_name, state FROM pg_stat_activity "
				+ "WHERE usename = ? AND backend_type = 'client backend' ORDER BY pid";
		try (Connection connection = this.superuser.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, role);
			List<EmbeddedPostgresServer.Backend> backends = new ArrayList<>();
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					backends.add(new EmbeddedPostgresServer.Backend(result.getInt(1), result.getString(2),
							result.getString(3), result.getString(4), result.getString(5)));
				}
			}
			return backends;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read pg_stat_activity", ex);
		}
	}

	String queryString(String sql) {
		try (Connection connection = this.superuser.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run " + sql, ex);
		}
	}

	void reloadConfiguration(Duration timeout) {
		String before = queryString("SELECT pg_conf_load_time()::text");
		if (!Boolean.parseBoolean(queryString("SELECT pg_reload_conf()::text"))) {
			throw new IllegalStateException("pg_reload_conf() failed");
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		// the postmaster reloads asynchronously; a session forked after the reload inherits its new load time
		while (before.equals(queryString("SELECT pg_conf_load_time()::text"))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The server did not reload its configuration within " + timeout);
			}
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
	}

	private void executeFormatted(String template, String... arguments) {
		StringBuilder call = new StringBuilder("SELECT format(?");
		for (int i = 0; i < arguments.length; i++) {
			call.append(", ?");
		}
		call.append(")");
		try (Connection connection = this.superuser.getConnection()) {
			String ddl;
			try (PreparedStatement format = connection.prepareStatement(call.toString())) {
				format.setString(1, template);
				for (int i = 0; i < arguments.length; i++) {
					format.setString(i + 2, arguments[i]);
				}
				try (ResultSet result = format.executeQuery()) {
					result.next();
					ddl = result.getString(1);
				}
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute(ddl);
			}
		}
		catch (SQLException ex) {
			// the statement may carry a password: name the template only
			throw new IllegalStateException("Could not run '" + template + "' (SQLState " + ex.getSQLState() + ")", ex);
		}
	}

}
