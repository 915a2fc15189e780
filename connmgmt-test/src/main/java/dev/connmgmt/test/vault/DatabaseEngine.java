package dev.connmgmt.test.vault;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Vault's database secrets engine for PostgreSQL: connection configurations, roles with
 * creation and revocation statements, and credentials that are real roles.
 */
final class DatabaseEngine {

	private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX");

	private static final SecureRandom random = new SecureRandom();

	private static final List<String> DEFAULT_REVOCATION = List.of(
			"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{{name}}'",
			"DROP OWNED BY \"{{name}}\"", "DROP ROLE IF EXISTS \"{{name}}\"");

	private final Map<String, Config> configs = new ConcurrentHashMap<>();

	private final Map<String, Role> roles = new ConcurrentHashMap<>();

	void configure(String name, JsonNode request) {
		String url = request.path("connection_url").asText();
		String username = request.path("username").asText();
		String password = request.path("password").asText();
		Config config = new Config(jdbcUrl(url), username, password);
		try (Connection connection = config.connect()) {
			connection.isValid(2);
		}
		catch (SQLException ex) {
			throw new VaultDevServer.VaultException(400, "error creating database object: " + ex.getMessage());
		}
		this.configs.put(name, config);
	}

	void defineRole(String name, JsonNode request) {
		String db = request.path("db_name").asText();
		if (!this.configs.containsKey(db)) {
			throw new VaultDevServer.VaultException(400, "database config '" + db + "' does not exist");
		}
		List<String> creation = statements(request.get("creation_statements"));
		if (creation.isEmpty()) {
			throw new VaultDevServer.VaultException(400, "creation_statements are required");
		}
		List<String> revocation = statements(request.get("revocation_statements"));
		Duration ttl = VaultDevServer.duration(request.get("default_ttl"), Duration.ofHours(1));
		Duration maxTtl = VaultDevServer.duration(request.get("max_ttl"), Duration.ofHours(24));
		this.roles.put(name, new Role(db, creation, revocation.isEmpty() ? DEFAULT_REVOCATION : revocation, ttl, maxTtl));
	}

	Issued issue(String roleName) {
		Role role = this.roles.get(roleName);
		if (role == null) {
			throw new VaultDevServer.VaultException(400, "unknown role: " + roleName);
		}
		Config config = this.configs.get(role.db());
		String username = ("v-root-" + roleName + "-" + token(6)).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
		String password = token(18);
		String expiration = OffsetDateTime.now(ZoneOffset.UTC).plus(role.maxTtl()).format(EXPIRATION);
		Map<String, String> values = Map.of("name", username, "username", username, "password", password,
				"expiration", expiration);
		config.run(role.creation(), values);
		Runnable revocation = () -> config.run(role.revocation(), values);
		return new Issued(username, password, role.ttl(), role.maxTtl(), revocation);
	}

	private static List<String> statements(JsonNode node) {
		List<String> statements = new ArrayList<>();
		if (node == null || node.isNull() || node.isMissingNode()) {
			return statements;
		}
		if (node.isArray()) {
			node.forEach((statement) -> statements.add(statement.asText()));
		}
		else {
			statements.add(node.asText());
		}
		return statements;
	}

	private static String jdbcUrl(String vaultUrl) {
		URI uri = URI.create(vaultUrl.replace("{{username}}:{{password}}@", ""));
		return "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
	}

	private static String token(int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	record Config(String jdbcUrl, String username, String password) {

		Connection connect() throws SQLException {
			return DriverManager.getConnection(this.jdbcUrl, this.username, this.password);
		}

		void run(List<String> statements, Map<String, String> values) {
			try (Connection connection = connect(); Statement statement = connection.createStatement()) {
				for (String template : statements) {
					String sql = template;
					for (Map.Entry<String, String> value : values.entrySet()) {
						sql = sql.replace("{{" + value.getKey() + "}}", value.getValue());
					}
					statement.execute(sql);
				}
			}
			catch (SQLException ex) {
				throw new VaultDevServer.VaultException(500, "statement failed (SQLState " + ex.getSQLState() + ")");
			}
		}

	}

	record Role(String db, List<String> creation, List<String> revocation, Duration ttl, Duration maxTtl) {
	}

	record Issued(String username, String password, Duration ttl, Duration maxTtl, Runnable revocation) {

		@Override
		public String toString() {
			return "Issued[" + this.username + ", password=******]";
		}

	}

}
