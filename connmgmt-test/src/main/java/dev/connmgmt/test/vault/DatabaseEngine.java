package dev.connmgmt.test.vault;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.connmgmt.test.secrets.IssuedSecrets;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Vault's database secrets engine for PostgreSQL, at one mount: connection configurations,
 * roles with creation and revocation statements, credentials that are real roles, and
 * {@link StaticRoles static roles}.
 */
final class DatabaseEngine {

	static final String PLUGIN = "postgresql-database-plugin";

	private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX");

	private static final SecureRandom random = new SecureRandom();

	private static final String PASSWORD_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";

	private static final List<String> DEFAULT_RENEWAL = List.of("ALTER ROLE \"{{name}}\" VALID UNTIL '{{expiration}}'");

	private static final Duration EXPIRATION_MARGIN = Duration.ofSeconds(5);

	private static final List<String> DEFAULT_REVOCATION = List.of(
			"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{{name}}'",
			"DROP OWNED BY \"{{name}}\"", "DROP ROLE IF EXISTS \"{{name}}\"");

	private final Map<String, DatabaseConnection> connections = new ConcurrentHashMap<>();

	private final Map<String, Role> roles = new ConcurrentHashMap<>();

	private final StaticRoles staticRoles = new StaticRoles(this);

	StaticRoles staticRoles() {
		return this.staticRoles;
	}

	boolean hasRole(String name) {
		return this.roles.containsKey(name);
	}

	void configure(String name, VaultRequest request) {
		if (!request.has("connection_url")) {
			throw new VaultException(400, "connection_url cannot be empty");
		}
		DatabaseConnection connection = DatabaseConnection.of(request.text("connection_url"),
				request.text("username"), request.text("password"), request.strings("allowed_roles"));
		try (Connection verified = connection.connect()) {
			verified.isValid(2);
		}
		catch (SQLException ex) {
			throw new VaultException(400, "error creating database object: error verifying connection (SQLState "
					+ ex.getSQLState() + ")");
		}
		this.connections.put(name, connection);
	}

	Map<String, Object> readConfig(String name) {
		DatabaseConnection connection = this.connections.get(name);
		return (connection != null) ? connection.describe(PLUGIN) : null;
	}

	void deleteConfig(String name) {
		this.connections.remove(name);
	}

	void defineRole(String name, VaultRequest request) {
		if (this.staticRoles.exists(name)) {
			throw new VaultException(400, "Role and Static Role names must be unique");
		}
		String db = request.text("db_name");
		if (db == null || db.isEmpty()) {
			throw new VaultException(400, "database name is required");
		}
		List<String> creation = statements(request.body().get("creation_statements"));
		if (creation.isEmpty()) {
			throw new VaultException(400, "creation_statements are required");
		}
		List<String> revocation = statements(request.body().get("revocation_statements"));
		List<String> renewal = statements(request.body().get("renew_statements"));
		Duration ttl = request.duration("default_ttl", Duration.ZERO);
		Duration maxTtl = request.duration("max_ttl", Duration.ZERO);
		this.roles.put(name, new Role(db, creation, revocation, renewal, ttl, maxTtl));
	}

	Map<String, Object> readRole(String name) {
		Role role = this.roles.get(name);
		if (role == null) {
			return null;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("db_name", role.db());
		data.put("creation_statements", role.creation());
		data.put("revocation_statements", role.revocation());
		data.put("rollback_statements", List.of());
		data.put("renew_statements", role.renewal());
		data.put("default_ttl", role.ttl().toSeconds());
		data.put("max_ttl", role.maxTtl().toSeconds());
		data.put("credential_type", "password");
		return data;
	}

	void deleteRole(String name) {
		this.roles.remove(name);
	}

	/**
	 * Create a role in the database for the given Vault role, named as Vault names them
	 * ({@code v-<display name>-<role>-<random>}). As in Vault, {@code {{expiration}}} is the
	 * end of the lease's TTL plus five seconds, and each renewal moves it with the renew
	 * statements (by default {@code ALTER ROLE ... VALID UNTIL}).
	 * @param roleName the Vault role
	 * @param displayName the display name of the token asking
	 * @return the credentials with their lease terms and revocation
	 */
	Issued issue(String roleName, String displayName) {
		Role role = this.roles.get(roleName);
		if (role == null) {
			throw new VaultException(400, "unknown role: " + roleName);
		}
		DatabaseConnection connection = connection(role.db(), roleName);
		Duration maxTtl = VaultLeases.capToSystemMax(role.maxTtl());
		Duration ttl = VaultLeases.defaultTtl(role.ttl(), maxTtl);
		String username = username(displayName, roleName);
		String password = password();
		Map<String, String> values = Map.of("name", username, "username", username, "password", password,
				"expiration", expiration(Instant.now().plus(ttl)));
		connection.run(role.creation(), values, "creating the user");
		List<String> revocation = role.revocation().isEmpty() ? DEFAULT_REVOCATION : role.revocation();
		Runnable revoke = () -> connection.run(revocation, values, "revoking the user");
		List<String> renewal = role.renewal().isEmpty() ? DEFAULT_RENEWAL : role.renewal();
		Consumer<Instant> renew = (expires) -> connection.run(renewal,
				Map.of("name", username, "username", username, "expiration", expiration(expires)), "renewing the user");
		return new Issued(username, password, ttl, maxTtl, revoke, renew);
	}

	private static String username(String displayName, String roleName) {
		String username = ("v-" + displayName + "-" + roleName + "-" + token(6)).toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9-]", "-");
		return username.substring(0, Math.min(63, username.length()));
	}

	private static String expiration(Instant expires) {
		return OffsetDateTime.ofInstant(expires.plus(EXPIRATION_MARGIN), ZoneOffset.UTC).format(EXPIRATION);
	}

	DatabaseConnection connection(String db, String roleName) {
		DatabaseConnection connection = this.connections.get(db);
		if (connection == null) {
			throw new VaultException(500, "plugin returned an error: no connection configuration named \"" + db + "\"");
		}
		if (!connection.allows(roleName)) {
			throw new VaultException(500, "\"" + roleName + "\" is not an allowed role");
		}
		return connection;
	}

	static List<String> statements(JsonNode node) {
		List<String> statements = new ArrayList<>();
		if (node == null || node.isNull() || node.isMissingNode()) {
			return statements;
		}
		if (node.isArray()) {
			node.forEach((statement) -> statements.add(statement.asText()));
		}
		else if (!node.asText().isBlank()) {
			statements.add(node.asText());
		}
		return statements;
	}

	/**
	 * Return a password as Vault's default password policy makes them: 20 letters, digits
	 * and dashes.
	 * @return the password
	 */
	static String password() {
		StringBuilder password = new StringBuilder(20);
		for (int i = 0; i < 20; i++) {
			password.append(PASSWORD_CHARACTERS.charAt(random.nextInt(PASSWORD_CHARACTERS.length())));
		}
		IssuedSecrets.record(password.toString());
		return password.toString();
	}

	private static String token(int length) {
		return password().substring(0, length).replace('-', 'x');
	}

	record Role(String db, List<String> creation, List<String> revocation, List<String> renewal, Duration ttl,
			Duration maxTtl) {
	}

	record Issued(String username, String password, Duration ttl, Duration maxTtl, Runnable revocation,
			Consumer<Instant> renewal) {

		@Override
		public String toString() {
			return "Issued[" + this.username + ", password=******]";
		}

	}

}
