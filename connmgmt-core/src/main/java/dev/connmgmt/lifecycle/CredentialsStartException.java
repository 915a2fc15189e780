package dev.connmgmt.lifecycle;

/**
 * A pool could not obtain its first credentials from its credential source, so it cannot
 * open a connection. Never carries a secret.
 *
 * @since 0.1.0
 */
public class CredentialsStartException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String poolName;

	private final String action;

	/**
	 * Create an exception.
	 * @param poolName the pool
	 * @param problem what failed
	 * @param action how to fix it
	 * @param cause the source's failure
	 */
	public CredentialsStartException(String poolName, String problem, String action, Throwable cause) {
		super(problem, cause);
		this.poolName = poolName;
		this.action = action;
	}

	/**
	 * Return the pool.
	 * @return the pool's name
	 */
	public String getPoolName() {
		return this.poolName;
	}

	/**
	 * Return how to fix the failure.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
