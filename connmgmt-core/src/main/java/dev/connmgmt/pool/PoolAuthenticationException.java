package dev.connmgmt.pool;

import java.sql.SQLInvalidAuthorizationSpecException;

/**
 * The database refused a pool's credentials. Thrown at once to callers of the pool while
 * the pool's most recent login failed this way, instead of letting them wait for the
 * connection timeout.
 *
 * @since 0.1.0
 */
public class PoolAuthenticationException extends SQLInvalidAuthorizationSpecException {

	private static final long serialVersionUID = 1L;

	private final String poolName;

	private final String username;

	/**
	 * Create an exception.
	 * @param poolName the pool whose login failed
	 * @param username the user it tried to log in as
	 * @param url the JDBC URL, already redacted
	 * @param reason the driver's message, already scrubbed of secrets
	 * @param sqlState the driver's SQLState
	 * @param cause the driver's exception
	 */
	public PoolAuthenticationException(String poolName, String username, String url, String reason, String sqlState,
			Throwable cause) {
		super("Pool '" + poolName + "': authentication failed for user '" + username + "' at " + url + " (SQLState "
				+ sqlState + ": " + reason + ")", sqlState, cause);
		this.poolName = poolName;
		this.username = username;
	}

	private PoolAuthenticationException(PoolAuthenticationException original) {
		super(original.getMessage(), original.getSQLState(), original.getCause());
		this.poolName = original.poolName;
		this.username = original.username;
	}

	/**
	 * Return a new exception telling the same failure, for another caller.
	 * @return a fresh copy of this exception
	 */
	PoolAuthenticationException again() {
		return new PoolAuthenticationException(this);
	}

	/**
	 * Return the name of the pool whose login failed.
	 * @return the pool name
	 */
	public String getPoolName() {
		return this.poolName;
	}

	/**
	 * Return the user the pool tried to log in as.
	 * @return the username
	 */
	public String getUsername() {
		return this.username;
	}

}
