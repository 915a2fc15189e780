package dev.connmgmt.internal.credentials;

import java.util.Locale;

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
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestOperations;

/**
 * Calls to Vault through the application's {@link VaultOperations} with the session's
 * token, each failure turned into a {@link VaultCallException} that says whether to retry,
 * log in again or obtain new secrets. Shared by the database credentials and the PKI
 * certificates.
 */
final class VaultCalls {

	private final VaultOperations vault;

	private final VaultSession session;

	VaultCalls(VaultOperations vault, VaultSession session) {
		this.vault = vault;
		this.session = session;
	}

	/**
	 * Make a call with the session's token, read once: the token recorded is the token
	 * sent, also when the session logs in anew while the call is under way.
	 */
	Answer call(String path, HttpMethod method, Object body) {
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

	/**
	 * Vault's answer, with a fingerprint of the token the call sent.
	 */
	record Answer(VaultResponse response, String token) {
	}

}
