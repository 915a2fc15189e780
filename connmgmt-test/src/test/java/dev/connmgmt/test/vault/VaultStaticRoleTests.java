package dev.connmgmt.test.vault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connmgmt.test.postgres.EmbeddedPostgresExtension;
import dev.connmgmt.test.postgres.EmbeddedPostgresServer;
import dev.connmgmt.test.postgres.TestDatabase;
import dev.connmgmt.test.postgres.TestRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Static roles manage the password of an existing PostgreSQL user: set at once when the
 * role is created, again every rotation period and on rotate-role, read from static-creds
 * without a lease. Runs against {@code VAULT_ADDR} when set.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class VaultStaticRoleTests {

	private TestVault vault;

	private VaultAdmin root;

	private EmbeddedPostgresServer postgres;

	private TestDatabase database;

	private TestRole user;

	private String name;

	@BeforeEach
	void configureTheDatabaseEngine(EmbeddedPostgresServer postgres) {
		this.postgres = postgres;
		this.vault = TestVault.start();
		this.root = this.vault.root();
		this.database = postgres.createDatabaseWithOwner("statics");
		this.vault.configureDatabase(postgres, this.database, "app", "static-*");
		this.user = postgres.createRole("static_user");
		this.name = "static-" + this.user.name();
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void creatingAStaticRoleSetsANewPasswordAtOnce() {
		staticRole(this.name, Map.of("rotation_period", "1h"));
		assertThat(Logins.sqlState(this.database, this.user.name(), this.user.password())).isEqualTo("28P01");
		JsonNode creds = this.root.read("database/static-creds/" + this.name);
		assertThat(creds.path("lease_id").asText()).isEmpty();
		assertThat(creds.path("lease_duration").asLong()).isZero();
		assertThat(creds.path("renewable").asBoolean()).isFalse();
		JsonNode data = creds.path("data");
		assertThat(data.path("username").asText()).isEqualTo(this.user.name());
		assertThat(Logins.works(this.database, this.user.name(), data.path("password").asText())).isTrue();
		assertThat(data.path("ttl").asLong()).isBetween(3500L, 3600L);
		assertThat(data.path("rotation_period").asLong()).isEqualTo(3600);
		assertThat(data.path("last_vault_rotation").isTextual()).isTrue();
		JsonNode role = this.root.read("database/static-roles/" + this.name).path("data");
		assertThat(role.path("username").asText()).isEqualTo(this.user.name());
		assertThat(role.path("db_name").asText()).isEqualTo("pg");
		assertThat(role.toString()).doesNotContain(data.path("password").asText());
	}

	@Test
	void rotateRoleSetsANewPasswordNow() {
		staticRole(this.name, Map.of("rotation_period", "1h"));
		String before = password(this.name);
		assertThat(this.root.status("POST", "database/rotate-role/" + this.name, null)).isEqualTo(204);
		String after = password(this.name);
		assertThat(after).isNotEqualTo(before);
		assertThat(Logins.sqlState(this.database, this.user.name(), before)).isEqualTo("28P01");
		assertThat(Logins.works(this.database, this.user.name(), after)).isTrue();
	}

	@Test
	void theServerRotatesEveryRotationPeriodOnItsOwn() {
		staticRole(this.name, Map.of("rotation_period", "5s"));
		JsonNode first = this.root.read("database/static-creds/" + this.name).path("data");
		assertThat(first.path("ttl").asLong()).isBetween(1L, 5L);
		String before = first.path("password").asText();
		await().atMost(Duration.ofSeconds(20)).until(() -> !password(this.name).equals(before));
		assertThat(Logins.sqlState(this.database, this.user.name(), before)).isEqualTo("28P01");
		assertThat(Logins.works(this.database, this.user.name(), password(this.name))).isTrue();
	}

	@Test
	void rotationRunsTheRolesOwnStatements() {
		staticRole(this.name, Map.of("rotation_period", "1h", "rotation_statements",
				List.of("ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}'",
						"ALTER ROLE \"{{name}}\" CONNECTION LIMIT 7")));
		assertThat(connectionLimit(this.user.name())).isEqualTo(7);
		assertThat(Logins.works(this.database, this.user.name(), password(this.name))).isTrue();
	}

	@Test
	void deletingAStaticRoleLeavesTheUserWithItsLastPassword() {
		staticRole(this.name, Map.of("rotation_period", "1h"));
		String last = password(this.name);
		assertThat(this.root.status("DELETE", "database/static-roles/" + this.name, null)).isEqualTo(204);
		assertThat(this.root.status("GET", "database/static-roles/" + this.name, null)).isEqualTo(404);
		assertThat(this.root.exchange("GET", "database/static-creds/" + this.name, null).body())
			.contains("unknown role");
		assertThat(this.root.status("POST", "database/rotate-role/" + this.name, null)).isEqualTo(400);
		assertThat(Logins.works(this.database, this.user.name(), last)).isTrue();
	}

	@Test
	void invalidStaticRolesAreRefused() {
		this.vault.defineRole("app", this.database, "1h", "2h");
		assertThat(define(this.name, Map.of("username", this.user.name(), "rotation_period", "2s")))
			.isEqualTo(400);
		assertThat(define(this.name, Map.of("rotation_period", "1h"))).isEqualTo(400);
		assertThat(define("app", Map.of("username", this.user.name(), "rotation_period", "1h"))).isEqualTo(400);
		assertThat(define(this.name + "-ghost", Map.of("username", "no_such_user", "rotation_period", "1h")))
			.isGreaterThanOrEqualTo(400);
		assertThat(this.root.status("GET", "database/static-roles/" + this.name + "-ghost", null)).isEqualTo(404);
		VaultResponse outsider = this.root.exchange("POST", "database/static-roles/outsider-" + this.user.name(),
				Map.of("db_name", "pg", "username", this.user.name(), "rotation_period", "1h"));
		assertThat(outsider.status()).isGreaterThanOrEqualTo(400);
		assertThat(outsider.body()).contains("not an allowed role");
		assertThat(Logins.works(this.database, this.user.name(), this.user.password())).isTrue();
		staticRole(this.name, Map.of("rotation_period", "1h"));
		assertThat(define(this.name, Map.of("username", "someone_else", "rotation_period", "1h"))).isEqualTo(400);
		assertThat(this.root.status("POST", "database/static-creds/" + this.name, Map.of())).isEqualTo(405);
	}

	private void staticRole(String name, Map<String, Object> settings) {
		Map<String, Object> request = new HashMap<>(settings);
		request.put("db_name", "pg");
		request.put("username", this.user.name());
		this.root.write("database/static-roles/" + name, request);
	}

	private int define(String name, Map<String, Object> settings) {
		Map<String, Object> request = new HashMap<>(settings);
		request.put("db_name", "pg");
		return this.root.status("POST", "database/static-roles/" + name, request);
	}

	private String password(String role) {
		return this.root.read("database/static-creds/" + role).path("data").path("password").asText();
	}

	private int connectionLimit(String role) {
		try (Connection connection = this.postgres.superuserDataSource().getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT rolconnlimit FROM pg_roles WHERE rolname = ?")) {
			statement.setString(1, role);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() ? result.getInt(1) : -2;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
