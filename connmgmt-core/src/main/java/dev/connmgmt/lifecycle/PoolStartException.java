package dev.connmgmt.lifecycle;

/**
 * A pool could not open its first connection while the application started.
 *
 * @since 0.1.0
 */
public class PoolStartException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String poolName;

	/**
	 * Create an exception.
	 * @param poolName the pool that failed to start
	 * @param cause why it failed
	 */
	public PoolStartException(String poolName, Throwable cause) {
		super("Pool '" + poolName + "' could not open its first connection: " + cause.getMessage(), cause);
		this.poolName = poolName;
	}

	/**
	 * Return the pool that failed to start.
	 * @return the pool name
	 */
	public String getPoolName() {
		return this.poolName;
	}

}
