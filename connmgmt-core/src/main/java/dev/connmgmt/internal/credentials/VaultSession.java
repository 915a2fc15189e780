package dev.connmgmt.internal.credentials;

import dev.connmgmt.credentials.Secrets;

import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.authentication.event.AfterLoginEvent;
import org.springframework.vault.authentication.event.AuthenticationEventMulticaster;
import org.springframework.vault.authentication.event.AuthenticationListener;
import org.springframework.vault.authentication.event.LoginTokenExpiredEvent;
import org.springframework.vault.support.VaultToken;

/**
 * The Vault session as the rotation loop needs it: which token is in use, a way to log in
 * again after Vault refused the token, and word when the token changes. Leases belong to
 * the token that created them and Vault revokes them with it (spring-cloud-vault#698), so
 * a new token means new credentials.
 *
 * @since 0.1.0
 */
public final class VaultSession {

	private final SessionManager sessions;

	/**
	 * Create a session view.
	 * @param sessions the application's session manager, or {@code null} when Vault is used
	 * without authentication
	 */
	public VaultSession(SessionManager sessions) {
		this.sessions = sessions;
	}

	/**
	 * Return a fingerprint of the token in use, logging in first when there is none.
	 * @return the fingerprint, or {@code null} without a session
	 */
	String token() {
		return (this.sessions != null) ? Secrets.fingerprint(this.sessions.getSessionToken().getToken()) : null;
	}

	/**
	 * Return the token to send, logging in first when there is none.
	 * @return the token, or {@code null} without a session
	 */
	VaultToken sessionToken() {
		return (this.sessions != null) ? this.sessions.getSessionToken() : null;
	}

	/**
	 * Drop a token Vault refused, so that the next call logs in again. A session manager
	 * that cannot log in again (a fixed token) keeps its token.
	 */
	void recover() {
		if (this.sessions instanceof LifecycleAwareSessionManager lifecycle) {
			// a renewal refused by Vault makes the session drop its token; the next call logs in
			lifecycle.renewToken();
		}
	}

	/**
	 * Call back when the session logged in anew or learnt that its token expires.
	 * @param listener the callback
	 * @return what stops the callbacks; a source that closed must not be called from the
	 * session's event dispatch, which the session's own callers run
	 */
	Runnable onTokenChange(Runnable listener) {
		if (this.sessions instanceof AuthenticationEventMulticaster events) {
			AuthenticationListener tokenChanges = (event) -> {
				if (event instanceof AfterLoginEvent || event instanceof LoginTokenExpiredEvent) {
					listener.run();
				}
			};
			events.addAuthenticationListener(tokenChanges);
			return () -> events.removeAuthenticationListener(tokenChanges);
		}
		return () -> {
		};
	}

}
