package dev.connmgmt.internal.credentials;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import dev.connmgmt.credentials.Secrets;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.vault.VaultException;
import org.springframework.vault.client.VaultHttpHeaders;
import org.springframework.vault.client.VaultResponses;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestOperations;
import org.springframework.web.client.RestClientException;

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

	private final VaultOperations vault;

	private final VaultSession session;

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
		this.vault = vault;
		this.session = session;
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
		Answer answer = call(this.path, HttpMethod.GET, null);
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
		VaultResponse response = call("sys/leases/renew", HttpMethod.PUT,
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
		call("sys/leases/revoke", HttpMethod.PUT, Map.of("lease_id", leaseId));
	}

	/**
	 * Make a call with the session's token, read once: the token recorded is the token
	 * sent, also when the session logs in anew while the call is under way.
	 */
	private Answer call(String path, HttpMethod method, Object body) {
		try {
			VaultToken token = this.session.sessionToken();
			if (token == null) {
				return new Answer(this.vault.doWithSession((rest) -> exchange(rest, path, method, body, null)), null);
			}
			return new Answer(this.vault.doWithVault((rest) -> exchange(rest, path, method, body, token)),
					Secrets.fingerprint(token.getToken()));
		}
		catch (VaultCallException ex) {
			throw ex;
		}
		catch (HttpStatusCodeException ex) {
			throw failure(path, ex.getStatusCode(), VaultResponses.getError(ex.getResponseBodyAsString()), ex);
		}
		catch (VaultException ex) {
			// the session could not log in: its cause, when Vault answered, says why
			if (ex.getCause() instanceof HttpStatusCodeException http) {
				throw failure(path, http.getStatusCode(), "login failed: " + ex.getMessage(), ex);
			}
			throw new VaultCallException(VaultCallException.Kind.UNAVAILABLE, 0,
					"Vault call to " + path + " failed: " + ex.getMessage(), ex);
		}
		catch (RestClientException ex) {
			throw new VaultCallException(VaultCallException.Kind.UNAVAILABLE, 0,
					"Vault could not be reached for " + path + ": " + ex.getMessage(), ex);
		}
		catch (IllegalStateException ex) {
			throw new VaultCallException(VaultCallException.Kind.TOKEN, 0,
					"Vault session has no token for " + path + ": " + ex.getMessage(), ex);
		}
	}

	private static VaultResponse exchange(RestOperations rest, String path, HttpMethod method, Object body,
			VaultToken token) {
		HttpHeaders headers = new HttpHeaders();
		if (token != null) {
			headers.set(VaultHttpHeaders.VAULT_TOKEN, token.getToken());
		}
		try {
			return rest.exchange(path, method, new HttpEntity<>(body, headers), VaultResponse.class).getBody();
		}
		catch (HttpStatusCodeException ex) {
			throw failure(path, ex.getStatusCode(), VaultResponses.getError(ex.getResponseBodyAsString()), ex);
		}
	}

	private static VaultCallException failure(String path, HttpStatusCode status, String error, Throwable cause) {
		String message = "Vault answered " + status.value() + " for " + path
				+ ((error != null && !error.isEmpty()) ? ": " + error : "");
		return new VaultCallException(kind(status, error), status.value(), message, cause);
	}

	private static VaultCallException.Kind kind(HttpStatusCode status, String error) {
		String lower = (error != null) ? error.toLowerCase(Locale.ROOT) : "";
		if (status.value() == 403 || status.value() == 401) {
			return VaultCallException.Kind.TOKEN;
		}
		if (status.value() == 400 && lower.contains("lease")) {
			return VaultCallException.Kind.LEASE;
		}
		if (status.is5xxServerError() || status.value() == 429 || status.value() == 412) {
			return VaultCallException.Kind.UNAVAILABLE;
		}
		return VaultCallException.Kind.CONFIGURATION;
	}

	private static long number(Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		return (value != null) ? Long.parseLong(value.toString()) : 0;
	}

	private static String trim(String segment) {
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
	 * Vault's answer, with a fingerprint of the token the call sent.
	 */
	private record Answer(VaultResponse response, String token) {
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
