package dev.connmgmt.test.vault;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A database connection configuration ({@code <mount>/config/<name>}): where Vault logs in
 * to run statements, and which roles may use it. Each batch of statements runs in one
 * transaction on a connection of its own, with timeouts so that a hung server cannot hold
 * a caller forever.
 *
 * @param connectionUrl the URL as Vault was given it, with its templates
 * @param jdbcUrl the JDBC URL derived from it
 * @param username the user Vault logs in as
 * @param password that user's password
 * @param allowedRoles the role names (or globs) that may use this connection
 */
record DatabaseConnection(String connectionUrl, String jdbcUrl, String username, String password,
		List<String> allowedRoles) {

	static DatabaseConnection of(String connectionUrl, String username, String password, List<String> allowedRoles) {
		URI uri = URI.create(connectionUrl.replace("{{username}}:{{password}}@", ""));
		String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath()
				+ ((uri.getQuery() != null) ? "?" + uri.getQuery() : "");
		return new DatabaseConnection(connectionUrl, jdbcUrl, username, password, List.copyOf(allowedRoles));
	}

	Connection connect() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.username);
		properties.setProperty("password", this.password);
		properties.setProperty("connectTimeout", "5");
		properties.setProperty("socketTimeout", "15");
		properties.setProperty("ApplicationName", "vault-dev-server");
		return DriverManager.getConnection(this.jdbcUrl, properties);
	}

	/**
	 * Whether a role may use this connection: Vault's {@code allowed_roles}, where {@code *}
	 * allows every role and an entry may be a glob.
	 * @param role the role name
	 * @return whether it is allowed
	 */
	boolean allows(String role) {
		for (String allowed : this.allowedRoles) {
			String glob = "\\Q" + allowed.replace("*", "\\E.*\\Q") + "\\E";
			if (allowed.equals("*") || Pattern.matches(glob, role)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Run statements in one transaction, with each {@code {{key}}} replaced by its value.
	 * @param statements the statement templates
	 * @param values the template values
	 * @param what what the statements do, for the error message
	 */
	void run(List<String> statements, Map<String, String> values, String what) {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			try {
				for (String template : statements) {
					String sql = template;
					for (Map.Entry<String, String> value : values.entrySet()) {
						sql = sql.replace("{{" + value.getKey() + "}}", value.getValue());
					}
					statement.execute(sql);
				}
				connection.commit();
			}
			catch (SQLException ex) {
				connection.rollback();
				throw ex;
			}
		}
		catch (SQLException ex) {
			// the statements carry a password: name only what they do and the SQLState
			throw new VaultException(500, what + " failed (SQLState " + ex.getSQLState() + ")");
		}
	}

	Map<String, Object> describe(String pluginName) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("plugin_name", pluginName);
		data.put("connection_details", Map.of("connection_url", this.connectionUrl, "username", this.username));
		data.put("allowed_roles", this.allowedRoles);
		data.put("root_credentials_rotate_statements", List.of());
		data.put("password_policy", "");
		data.put("verify_connection", true);
		return data;
	}

	@Override
	public String toString() {
		return "DatabaseConnection[" + this.jdbcUrl + ", username=" + this.username + ", password=******]";
	}

}
