package dev.connmgmt.credentials;

import java.util.Objects;

/**
 * A username and password, and optionally a TLS {@link ClientCertificate}, to open
 * physical connections with, and the generation they belong to. Every change of credentials gets a higher generation, so that connections
 * opened with older credentials can be told apart.
 * <p>
 * {@link #toString()} never shows the password or the certificate's key.
 *
 * @since 0.1.0
 */
public final class Credentials {

	private final String username;

	private final String password;

	private final ClientCertificate clientCertificate;

	private final long generation;

	/**
	 * Create credentials.
	 * @param username the user to log in as, or {@code null} to let the driver decide
	 * @param password the password, or {@code null} when none is needed
	 * @param generation the generation, higher for newer credentials
	 */
	public Credentials(String username, String password, long generation) {
		this(username, password, null, generation);
	}

	/**
	 * Create credentials that include a TLS client certificate.
	 * @param username the user to log in as, or {@code null} to let the driver decide
	 * @param password the password, or {@code null} when none is needed
	 * @param clientCertificate the client certificate to present, or {@code null} for none
	 * @param generation the generation, higher for newer credentials
	 */
	public Credentials(String username, String password, ClientCertificate clientCertificate, long generation) {
		this.username = username;
		this.password = password;
		this.clientCertificate = clientCertificate;
		this.generation = generation;
	}

	/**
	 * Return the user to log in as.
	 * @return the username, or {@code null}
	 */
	public String username() {
		return this.username;
	}

	/**
	 * Return the password.
	 * @return the password, or {@code null}
	 */
	public String password() {
		return this.password;
	}

	/**
	 * Return the TLS client certificate to present.
	 * @return the certificate, or {@code null} for none
	 */
	public ClientCertificate clientCertificate() {
		return this.clientCertificate;
	}

	/**
	 * Return the generation of these credentials.
	 * @return the generation
	 */
	public long generation() {
		return this.generation;
	}

	/**
	 * Return whether these are the same credentials of the same generation as another.
	 * @param other the other credentials, may be {@code null}
	 * @return whether they are the same
	 */
	public boolean sameAs(Credentials other) {
		return other != null && this.generation == other.generation && Objects.equals(this.username, other.username)
				&& Objects.equals(this.password, other.password) && this.clientCertificate == other.clientCertificate;
	}

	@Override
	public String toString() {
		return "Credentials[username=" + this.username + ", password=" + ((this.password != null) ? "******" : "none")
				+ ((this.clientCertificate != null) ? ", clientCertificate=" + this.clientCertificate : "")
				+ ", generation=" + this.generation + "]";
	}

}
