package dev.connmgmt.test.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The static roles of a database secrets engine: each manages the password of one existing
 * database user, setting a new one when the role is created, every rotation period, and on
 * {@code rotate-role}. A rotation that fails is retried ten seconds later, as Vault does.
 * Reading the credentials waits for a rotation under way, so it never answers a password
 * the database no longer takes.
 */
final class StaticRoles {

	static final List<String> DEFAULT_ROTATION = List.of("ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}'");

	private static final Duration MINIMUM_PERIOD = Duration.ofSeconds(5);

	private static final Duration RETRY = Duration.ofSeconds(10);

	private static final Logger logger = LoggerFactory.getLogger(StaticRoles.class);

	private final DatabaseEngine database;

	private final Map<String, StaticRole> roles = new ConcurrentHashMap<>();

	StaticRoles(DatabaseEngine database) {
		this.database = database;
	}

	boolean exists(String name) {
		return this.roles.containsKey(name);
	}

	/**
	 * Create a static role, rotating its password at once, or update one.
	 * @param name the role name
	 * @param request the call
	 */
	synchronized void define(String name, VaultRequest request) {
		if (this.database.hasRole(name)) {
			throw new VaultException(400, "Role and Static Role names must be unique");
		}
		StaticRole existing = this.roles.get(name);
		String db = request.has("db_name") ? request.text("db_name") : (existing != null) ? existing.db : null;
		if (db == null || db.isEmpty()) {
			throw new VaultException(400, "database name is a required field");
		}
		String username = request.text("username");
		if ((username == null || username.isEmpty()) && existing == null) {
			throw new VaultException(400, "username is a required field to create a static account");
		}
		if (existing != null && !existing.username.equals(username)) {
			throw new VaultException(400, "cannot update static account username");
		}
		Duration period = request.duration("rotation_period", null);
		if (period == null && existing == null) {
			throw new VaultException(400,
					"one of rotation_schedule or rotation_period must be provided to create a static account");
		}
		if (period != null && period.compareTo(MINIMUM_PERIOD) < 0) {
			throw new VaultException(400, "rotation_period must be 5 seconds or more");
		}
		List<String> statements = request.has("rotation_statements")
				? DatabaseEngine.statements(request.body().get("rotation_statements"))
				: (existing != null) ? existing.statements : List.of();
		if (existing == null) {
			StaticRole role = new StaticRole(name, username, db, period, statements);
			role.rotate(this.database.connection(db, name));
			this.roles.put(name, role);
			return;
		}
		existing.update(db, period, statements);
	}

	Map<String, Object> read(String name) {
		StaticRole role = this.roles.get(name);
		return (role != null) ? role.describe() : null;
	}

	void delete(String name) {
		this.roles.remove(name);
	}

	/**
	 * Return the role's current credentials and the time until their next rotation.
	 * @param name the role name
	 * @return {@code username}, {@code password}, {@code ttl}, {@code rotation_period} and
	 * {@code last_vault_rotation}
	 */
	Map<String, Object> credentials(String name) {
		StaticRole role = this.roles.get(name);
		if (role == null) {
			throw new VaultException(400, "unknown role: " + name);
		}
		this.database.connection(role.db, name);
		return role.credentials();
	}

	void rotate(String name) {
		StaticRole role = this.roles.get(name);
		if (role == null) {
			throw new VaultException(400, "no static role found for role name");
		}
		try {
			role.rotate(this.database.connection(role.db, name));
		}
		catch (VaultException ex) {
			throw new VaultException(500, "unable to finish rotating credentials; retries will continue in the "
					+ "background but it is also safe to retry manually: " + ex.getMessage());
		}
	}

	/**
	 * Rotate every role whose rotation period has passed.
	 */
	void rotateDue() {
		Instant now = Instant.now();
		for (StaticRole role : new ArrayList<>(this.roles.values())) {
			if (role.due(now) && this.roles.get(role.name) == role) {
				try {
					role.rotate(this.database.connection(role.db, role.name));
				}
				catch (RuntimeException ex) {
					logger.warn("Could not rotate the password of static role {}: {}", role.name, ex.getMessage());
				}
			}
		}
	}

	/**
	 * One static role and the password it last set.
	 */
	private static final class StaticRole {

		private final String name;

		private final String username;

		private volatile String db;

		private Duration period;

		private List<String> statements;

		private String password;

		private Instant lastRotation;

		private Instant nextRotation = Instant.now();

		StaticRole(String name, String username, String db, Duration period, List<String> statements) {
			this.name = name;
			this.username = username;
			this.db = db;
			this.period = period;
			this.statements = List.copyOf(statements);
		}

		synchronized void rotate(DatabaseConnection connection) {
			String password = DatabaseEngine.password();
			try {
				connection.run(this.statements.isEmpty() ? DEFAULT_ROTATION : this.statements,
						Map.of("name", this.username, "username", this.username, "password", password),
						"rotating the password");
			}
			catch (RuntimeException ex) {
				this.nextRotation = Instant.now().plus(RETRY);
				throw ex;
			}
			this.password = password;
			this.lastRotation = Instant.now();
			this.nextRotation = this.lastRotation.plus(this.period);
		}

		synchronized void update(String db, Duration period, List<String> statements) {
			this.db = db;
			this.statements = List.copyOf(statements);
			if (period != null) {
				this.period = period;
				this.nextRotation = this.lastRotation.plus(period);
			}
		}

		synchronized boolean due(Instant now) {
			return !this.nextRotation.isAfter(now);
		}

		synchronized Map<String, Object> credentials() {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("username", this.username);
			data.put("password", this.password);
			data.put("ttl", Durations.secondsUntil(this.nextRotation));
			data.put("rotation_period", this.period.toSeconds());
			data.put("last_vault_rotation", Durations.time(this.lastRotation));
			return data;
		}

		synchronized Map<String, Object> describe() {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("db_name", this.db);
			data.put("username", this.username);
			data.put("rotation_period", this.period.toSeconds());
			data.put("rotation_statements", this.statements);
			data.put("credential_type", "password");
			data.put("last_vault_rotation", Durations.time(this.lastRotation));
			return data;
		}

		@Override
		public String toString() {
			return "StaticRole[" + this.name + ", username=" + this.username + ", password=******]";
		}

	}

}
