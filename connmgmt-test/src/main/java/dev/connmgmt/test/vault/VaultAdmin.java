package dev.connmgmt.test.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;

/**
 * Vault's HTTP API as a client calls it, with one token or none, and the set-up of Vault's
 * database secrets engine for an embedded PostgreSQL through that API only, as an operator
 * would with the {@code vault} CLI, so the same set-up works against {@link VaultDevServer}
 * and against a real Vault.
 *
 * @since 0.1.0
 */
public final class VaultAdmin {

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpClient http;

	private final String address;

	private final String token;

	/**
	 * Create an admin client.
	 * @param address Vault's address, such as {@code http://127.0.0.1:8200}
	 * @param token a token allowed to configure the engine
	 */
	public VaultAdmin(String address, String token) {
		this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
				address.endsWith("/") ? address.substring(0, address.length() - 1) : address, token);
	}

	private VaultAdmin(HttpClient http, String address, String token) {
		this.http = http;
		this.address = address;
		this.token = token;
	}

	/**
	 * Create an admin client for a running dev server with its root token.
	 * @param server the server
	 * @return the client
	 */
	public static VaultAdmin of(VaultDevServer server) {
		return new VaultAdmin(server.address(), server.rootToken());
	}

	/**
	 * Return the client for the Vault named by {@code VAULT_ADDR} and {@code VAULT_TOKEN},
	 * when both are set.
	 * @return the client, or {@code null}
	 */
	public static VaultAdmin fromEnvironment() {
		String address = System.getenv("VAULT_ADDR");
		String token = System.getenv("VAULT_TOKEN");
		return (address != null && token != null) ? new VaultAdmin(address, token) : null;
	}

	/**
	 * Return a client of the same Vault that calls with another token, such as one a
	 * login or {@code auth/token/create} gave.
	 * @param token the token, or {@code null} to call without one
	 * @return the client
	 */
	public VaultAdmin as(String token) {
		return new VaultAdmin(this.http, this.address, token);
	}

	/**
	 * Return Vault's address.
	 * @return the address
	 */
	public String address() {
		return this.address;
	}

	/**
	 * Return the token this client uses.
	 * @return the token, or {@code null} when it calls without one
	 */
	public String token() {
		return this.token;
	}

	/**
	 * Make a call and return Vault's answer whatever its status, for callers that expect
	 * an error.
	 * @param method the HTTP method
	 * @param path the path after {@code /v1/}
	 * @param body the JSON body, or {@code null}
	 * @return the answer
	 */
	public VaultResponse exchange(String method, String path, Object body) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.address + "/v1/" + path))
				.timeout(Duration.ofSeconds(30));
			if (this.token != null) {
				request.header("X-Vault-Token", this.token);
			}
			request.method(method, (body != null)
					? HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))
					: HttpRequest.BodyPublishers.noBody());
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new VaultResponse(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Vault call " + method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted calling Vault", ex);
		}
	}

	/**
	 * Make a call and return the status Vault answers with.
	 * @param method the HTTP method
	 * @param path the path after {@code /v1/}
	 * @param body the JSON body, or {@code null}
	 * @return the status
	 */
	public int status(String method, String path, Object body) {
		return exchange(method, path, body).status();
	}

	/**
	 * Make a call.
	 * @param method the HTTP method
	 * @param path the path after {@code /v1/}
	 * @param body the JSON body, or {@code null}
	 * @return the answer's JSON, or {@code null} when it had none
	 * @throws IllegalStateException when Vault answers with an error status
	 */
	public JsonNode call(String method, String path, Object body) {
		VaultResponse response = succeeded(method, path, body);
		return response.body().isEmpty() ? null : response.json();
	}

	/**
	 * Read a path with {@code GET}.
	 * @param path the path after {@code /v1/}
	 * @return the answer's JSON, an empty object when it had none
	 * @throws IllegalStateException when Vault answers with an error status
	 */
	public JsonNode read(String path) {
		return succeeded("GET", path, null).json();
	}

	/**
	 * Write to a path with {@code POST}.
	 * @param path the path after {@code /v1/}
	 * @param body the JSON body, or {@code null}
	 * @return the answer's JSON, an empty object when it had none
	 * @throws IllegalStateException when Vault answers with an error status
	 */
	public JsonNode write(String path, Object body) {
		return succeeded("POST", path, body).json();
	}

	private VaultResponse succeeded(String method, String path, Object body) {
		VaultResponse response = exchange(method, path, body);
		if (response.status() >= 300) {
			throw new IllegalStateException(
					"Vault answered " + response.status() + " to " + method + " " + path + ": " + response.body());
		}
		return response;
	}

	/**
	 * Mount the database secrets engine, unless it is mounted already.
	 * @param mount the mount path, such as {@code database}
	 */
	public void enableDatabaseEngine(String mount) {
		try {
			call("POST", "sys/mounts/" + mount, Map.of("type", "database"));
		}
		catch (IllegalStateException ex) {
			if (!ex.getMessage().contains("already in use")) {
				throw ex;
			}
		}
	}

	/**
	 * Configure a connection of the engine to a database of an embedded PostgreSQL, with
	 * its superuser as Vault's management user.
	 * @param mount the engine's mount path
	 * @param name the connection's name
	 * @param postgres the server
	 * @param database the database
	 */
	public void connectPostgres(String mount, String name, EmbeddedPostgresServer postgres, String database) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("plugin_name", "postgresql-database-plugin");
		config.put("connection_url",
				"postgresql://{{username}}:{{password}}@localhost:" + postgres.port() + "/" + database);
		config.put("username", postgres.superuser());
		config.put("password", postgres.superuserPassword());
		config.put("allowed_roles", "*");
		call("POST", mount + "/config/" + name, config);
	}

	/**
	 * Define a dynamic role: each read of {@code <mount>/creds/<role>} creates a PostgreSQL
	 * role with a random password, granted the given statements, valid until its lease
	 * expires.
	 * @param mount the engine's mount path
	 * @param role the role's name in Vault
	 * @param connection the connection's name
	 * @param ttl the default TTL of its leases
	 * @param maxTtl the max TTL of its leases
	 * @param grants statements run after creation, with {@code {{name}}} for the new role
	 */
	public void dynamicRole(String mount, String role, String connection, Duration ttl, Duration maxTtl,
			String... grants) {
		List<String> creation = new ArrayList<>();
		creation.add("CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'");
		creation.addAll(List.of(grants));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("db_name", connection);
		body.put("creation_statements", creation);
		body.put("revocation_statements",
				List.of("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{{name}}'",
						"REASSIGN OWNED BY \"{{name}}\" TO CURRENT_USER", "DROP OWNED BY \"{{name}}\"",
						"DROP ROLE IF EXISTS \"{{name}}\""));
		body.put("default_ttl", ttl.toSeconds() + "s");
		body.put("max_ttl", maxTtl.toSeconds() + "s");
		call("POST", mount + "/roles/" + role, body);
	}

	/**
	 * Define a static role: the engine manages the password of an existing database role,
	 * setting a new one at once and every rotation period.
	 * @param mount the engine's mount path
	 * @param role the static role's name in Vault
	 * @param connection the connection's name
	 * @param username the existing database role
	 * @param rotationPeriod how often the engine changes the password (at least 5s)
	 */
	public void staticRole(String mount, String role, String connection, String username, Duration rotationPeriod) {
		call("POST", mount + "/static-roles/" + role, Map.of("db_name", connection, "username", username,
				"rotation_period", rotationPeriod.toSeconds() + "s"));
	}

	/**
	 * Write an ACL policy.
	 * @param name the policy's name
	 * @param hcl the policy's rules
	 */
	public void policy(String name, String hcl) {
		call("POST", "sys/policies/acl/" + name, Map.of("policy", hcl));
	}

	/**
	 * Enable the AppRole auth method at {@code approle}, unless it is enabled already, and
	 * define a role whose tokens carry the given policies and TTLs.
	 * @param role the AppRole role
	 * @param tokenTtl the TTL of tokens its logins get
	 * @param tokenMaxTtl the max TTL of those tokens
	 * @param policies the tokens' policies
	 * @return the role id and a fresh secret id to log in with
	 */
	public AppRoleLogin appRole(String role, Duration tokenTtl, Duration tokenMaxTtl, String... policies) {
		try {
			call("POST", "sys/auth/approle", Map.of("type", "approle"));
		}
		catch (IllegalStateException ex) {
			if (!ex.getMessage().contains("already in use")) {
				throw ex;
			}
		}
		call("POST", "auth/approle/role/" + role, Map.of("token_ttl", tokenTtl.toSeconds() + "s", "token_max_ttl",
				tokenMaxTtl.toSeconds() + "s", "token_policies", List.of(policies)));
		String roleId = call("GET", "auth/approle/role/" + role + "/role-id", null).path("data").path("role_id").asText();
		String secretId = call("POST", "auth/approle/role/" + role + "/secret-id", null).path("data")
			.path("secret_id")
			.asText();
		return new AppRoleLogin(roleId, secretId);
	}

	/**
	 * What an application logs in to an AppRole with.
	 *
	 * @param roleId the role id
	 * @param secretId the secret id
	 */
	public record AppRoleLogin(String roleId, String secretId) {

		@Override
		public String toString() {
			return "AppRoleLogin[roleId=" + this.roleId + ", secretId=******]";
		}

	}

}
