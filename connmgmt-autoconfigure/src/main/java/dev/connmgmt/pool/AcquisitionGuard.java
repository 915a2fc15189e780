package dev.connmgmt.pool;

import java.sql.SQLException;

/**
 * Decides whether a pool may try to hand out a connection now, and learns from each
 * attempt's outcome: connmgmt's circuit breaker on connection acquisition. Called on every
 * borrow, so implementations must be cheap when the database is healthy.
 *
 * @since 0.1.0
 */
public interface AcquisitionGuard {

	/**
	 * Return whether the guard has nothing to learn from a successful acquisition now: the
	 * database is healthy and no failure is recent. A quiet guard is told about failures
	 * only, so the healthy hot path costs a read or two.
	 * @return whether acquisitions may skip the guard unless they fail
	 */
	boolean isQuiet();

	/**
	 * Ask for permission to acquire a connection.
	 * @return whether the attempt may go ahead
	 */
	boolean tryAcquire();

	/**
	 * Return the exception to throw at a caller that was refused permission.
	 * @return the typed exception naming the pool and the guard's state
	 */
	SQLException rejection();

	/**
	 * Record a successful acquisition.
	 * @param nanos how long it took
	 */
	void succeeded(long nanos);

	/**
	 * Record a failed acquisition.
	 * @param nanos how long it took
	 * @param failure why it failed
	 */
	void failed(long nanos, Throwable failure);

}
