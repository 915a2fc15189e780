package dev.connmgmt.resilience;

import java.time.Duration;

import org.springframework.dao.QueryTimeoutException;

/**
 * A unit of work on a pool ran out of its request time limit
 * ({@code connmgmt.pools.<name>.timeouts.request}); the statement running at that moment
 * was cancelled on the database, and no further attempt is made.
 *
 * @since 0.1.0
 */
public class RequestTimeoutException extends QueryTimeoutException {

	private static final long serialVersionUID = 1L;

	private final String poolName;

	private final Duration limit;

	/**
	 * Create an exception.
	 * @param poolName the pool the work ran on
	 * @param limit the request limit that passed
	 * @param attempts how many attempts were started
	 * @param cause the failure of the last attempt, may be {@code null}
	 */
	public RequestTimeoutException(String poolName, Duration limit, int attempts, Throwable cause) {
		super("Work on pool '" + poolName + "' exceeded its request limit of " + limit.toMillis() + "ms after "
				+ attempts + ((attempts == 1) ? " attempt" : " attempts") + "; the running statement was cancelled",
				cause);
		this.poolName = poolName;
		this.limit = limit;
	}

	/**
	 * Return the pool the work ran on.
	 * @return the pool name
	 */
	public String getPoolName() {
		return this.poolName;
	}

	/**
	 * Return the request limit that passed.
	 * @return the limit
	 */
	public Duration getLimit() {
		return this.limit;
	}

}
