package dev.connmgmt.autoconfigure;

/**
 * How much TLS a pool's connections must have ({@code connmgmt.pools.<name>.tls.mode}).
 * Checked for PostgreSQL: the driver settings written are checked at startup, the session
 * once the pool has started.
 *
 * @since 0.1.0
 */
public enum TlsMode {

	/**
	 * No requirement: the driver's own settings apply.
	 */
	OFF,

	/**
	 * The session must be encrypted and the server's certificate verified: {@code sslmode}
	 * {@code verify-ca} or {@code verify-full}.
	 */
	REQUIRE,

	/**
	 * The session must be encrypted and the server's certificate verified, host name
	 * included: {@code sslmode=verify-full}, which connmgmt sets when no {@code sslmode} is
	 * written.
	 */
	VERIFY_FULL;

	/**
	 * Return the mode as it is written in properties.
	 * @return {@code off}, {@code require} or {@code verify-full}
	 */
	public String propertyValue() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
