package dev.connmgmt.pool;

import java.sql.SQLTransientConnectionException;

/**
 * A pool refused to try for a connection because its circuit breaker is open: the database
 * failed recently and is given time to recover. Thrown at once, instead of after the
 * connection timeout. Not worth retrying until the breaker lets calls through again.
 *
 * @since 0.1.0
 */
public class PoolUnavailableException extends SQLTransientConnectionException {

	private static final long serialVersionUID = 1L;

	private final String poolName;

	private final String breakerName;

	private final String breakerState;

	/**
	 * Create an exception.
	 * @param poolName the pool
	 * @param breakerName the circuit breaker that refused
	 * @param breakerState the breaker's state, such as {@code OPEN}
	 * @param detail what the breaker saw, such as its failure rate
	 */
	public PoolUnavailableException(String poolName, String breakerName, String breakerState, String detail) {
		super("Pool '" + poolName + "' is unavailable: circuit breaker '" + breakerName + "' is " + breakerState
				+ " (" + detail + ")", "08001");
		this.poolName = poolName;
		this.breakerName = breakerName;
		this.breakerState = breakerState;
	}

	/**
	 * Return the pool that refused.
	 * @return the pool name
	 */
	public String getPoolName() {
		return this.poolName;
	}

	/**
	 * Return the circuit breaker that refused.
	 * @return the breaker name
	 */
	public String getBreakerName() {
		return this.breakerName;
	}

	/**
	 * Return the breaker's state when it refused.
	 * @return the state, such as {@code OPEN} or {@code HALF_OPEN}
	 */
	public String getBreakerState() {
		return this.breakerState;
	}

}
