package dev.connmgmt.pool;

import java.sql.SQLTransientConnectionException;

/**
 * A pool refused a connection because the application is shutting down: it waits for the
 * connections in use to be returned and hands out no new ones.
 *
 * @since 0.1.0
 */
public class PoolDrainingException extends SQLTransientConnectionException {

	private static final long serialVersionUID = 1L;

	private final String poolName;

	/**
	 * Create an exception.
	 * @param poolName the draining pool
	 */
	public PoolDrainingException(String poolName) {
		super("Pool '" + poolName + "' is draining for shutdown and hands out no new connections", "08003");
		this.poolName = poolName;
	}

	/**
	 * Return the draining pool.
	 * @return the pool name
	 */
	public String getPoolName() {
		return this.poolName;
	}

}
