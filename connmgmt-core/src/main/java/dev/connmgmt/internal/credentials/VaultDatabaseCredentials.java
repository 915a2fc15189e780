package dev.connmgmt.internal.credentials;

import java.time.Duration;
import java.util.Map;

import dev.connmgmt.credentials.Secrets;

import org.springframework.http.HttpMethod;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultResponse;

/**
 * The calls the rotation loop makes to Vault's database secrets engine and lease API,
 * through the application's {@link VaultOperations} (so authentication, TLS and the
 * session are whatever {@code spring.cloud.vault.*} configures). Every failure becomes a
 * {@link VaultCallException} that says whether to retry, log in again or obtain new
 * credentials.
 *
 * @since 0.1.0
 */
public final class VaultDatabaseCredentials {

	private final VaultCalls vault;

	private final String path;

	private final boolean staticRole;

	/**
	 * Create a client for one role.
	 * @param vault the Vault client
	 * @param session the session whose token each call sends
	 * @param backend the mount path of the database secrets engine, such as
	 * {@code database}
	 * @param role the role
	 * @param staticRole whether the role is a static role (its credentials are read from
	 * {@code static-creds} and have no lease)
	 */
	public VaultDatabaseCredentials(VaultOperations vault, VaultSession session, String backend, String role,
			boolean staticRole) {
		this.vault = new VaultCalls(vault, session);
		this.path = trim(backend) + (staticRole ? "/static-creds/" : "/creds/") + trim(role);
		this.staticRole = staticRole;
	}

	/**
	 * Return the path credentials are read from.
	 * @return the path, such as {@code database/creds/orders}
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Read credentials: a new lease for a dynamic role, the current password of a static
	 * role.
	 * @return the credentials and their lifetime
	 * @throws VaultCallException when Vault refuses or cannot be reached
	 */
	public Issued read() {
		VaultCalls.Answer answer = this.vault.call(this.path, HttpMethod.GET, null);
		VaultResponse response = answer.response();
		if (response == null || response.getData() == null) {
			throw new VaultCallException(VaultCallException.Kind.CONFIGURATION, 404,
					"Vault has no credentials at " + this.path, null);
		}
		Map<String, Object> data = response.getData();
		Object username = data.get("username");
		Object password = data.get("password");
		if (username == null || password == null) {
			throw new VaultCallException(VaultCallException.Kind.CONFIGURATION, 200,
					"Vault's answer for " + this.path + " has no username or password", null);
		}
		if (this.staticRole) {
			long ttl = number(data.get("ttl"));
			return new Issued(username.toString(), password.toString(), null, Duration.ofSeconds(ttl), false,
					answer.token());
		}
		return new Issued(username.toString(), password.toString(), response.getLeaseId(),
				Duration.ofSeconds(response.getLeaseDuration()), response.isRenewable(), answer.token());
	}

	/**
	 * Renew a lease.
	 * @param leaseId the lease
	 * @param increment the extension asked for
	 * @return the lease's time to live after the renewal, which Vault caps at the role's
	 * max TTL
	 * @throws VaultCallException when Vault refuses or cannot be reached
	 */
	public Duration renew(String leaseId, Duration increment) {
		VaultResponse response = this.vault.call("sys/leases/renew", HttpMethod.PUT,
				Map.of("lease_id", leaseId, "increment", increment.toSeconds()))
			.response();
		if (response == null) {
			throw new VaultCallException(VaultCallException.Kind.LEASE, 404, "Vault does not know the lease", null);
		}
		return Duration.ofSeconds(response.getLeaseDuration());
	}

	/**
	 * Revoke a lease: Vault runs the role's revocation statements.
	 * @param leaseId the lease
	 * @throws VaultCallException when Vault refuses or cannot be reached
	 */
	public void revoke(String leaseId) {
		this.vault.call("sys/leases/revoke", HttpMethod.PUT, Map.of("lease_id", leaseId));
	}

	private static long number(Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		return (value != null) ? Long.parseLong(value.toString()) : 0;
	}

	static String trim(String segment) {
		String trimmed = segment.strip();
		while (trimmed.startsWith("/")) {
			trimmed = trimmed.substring(1);
		}
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}

	/**
	 * Credentials Vault issued.
	 *
	 * @param username the user
	 * @param password the password
	 * @param leaseId the lease, {@code null} for a static role
	 * @param ttl how long they are valid: the lease's duration, or for a static role the
	 * time until the engine rotates the password
	 * @param renewable whether the lease can be renewed
	 * @param token a fingerprint of the token that obtained them, whose revocation revokes
	 * their lease; {@code null} without a session
	 */
	public record Issued(String username, String password, String leaseId, Duration ttl, boolean renewable,
			String token) {

		@Override
		public String toString() {
			return "Issued[username=" + this.username + ", password=" + Secrets.MASK + ", lease="
					+ Secrets.fingerprint(this.leaseId) + ", ttl=" + this.ttl + ", renewable=" + this.renewable + "]";
		}

	}

}
