package dev.connmgmt.internal.credentials;

import dev.connmgmt.credentials.CredentialSource;
import dev.connmgmt.credentials.Credentials;

/**
 * Credentials fixed in configuration: they never change, so their generation stays 1.
 *
 * @since 0.1.0
 */
public final class StaticCredentialSource implements CredentialSource {

	private final Credentials credentials;

	/**
	 * Create a source that always answers the given username and password.
	 * @param username the username, or {@code null}
	 * @param password the password, or {@code null}
	 */
	public StaticCredentialSource(String username, String password) {
		this.credentials = new Credentials(username, password, 1);
	}

	@Override
	public Credentials current() {
		return this.credentials;
	}

	@Override
	public String type() {
		return "static";
	}

	@Override
	public String toString() {
		return "StaticCredentialSource[" + this.credentials + "]";
	}

}
