package dev.connmgmt.internal.credentials;

/**
 * A call to Vault failed. Its {@link Kind} decides what the rotation loop does next; its
 * message names the path and Vault's own error, never a secret.
 *
 * @since 0.1.0
 */
public class VaultCallException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * What went wrong, as far as the caller can act on it.
	 */
	public enum Kind {

		/**
		 * Vault could not be reached or answered with a server error (sealed, standby,
		 * overloaded): try again later.
		 */
		UNAVAILABLE,

		/**
		 * Vault refused the client token (expired, revoked, or lacking a policy): log in
		 * again.
		 */
		TOKEN,

		/**
		 * Vault does not know the lease (expired, revoked, or lost): obtain new credentials.
		 */
		LEASE,

		/**
		 * The request itself is wrong, such as an unknown role: no retry fixes it.
		 */
		CONFIGURATION

	}

	private final Kind kind;

	private final int status;

	/**
	 * Create an exception.
	 * @param kind what went wrong
	 * @param status the HTTP status Vault answered with, or 0 when it did not answer
	 * @param message what failed, without secrets
	 * @param cause the cause, may be {@code null}
	 */
	public VaultCallException(Kind kind, int status, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.status = status;
	}

	/**
	 * Return what went wrong.
	 * @return the kind of failure
	 */
	public Kind getKind() {
		return this.kind;
	}

	/**
	 * Return the HTTP status Vault answered with.
	 * @return the status, or 0 when Vault did not answer
	 */
	public int getStatus() {
		return this.status;
	}

}
