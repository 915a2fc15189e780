package dev.connmgmt.internal.pool;

import java.sql.SQLException;
import java.util.function.LongSupplier;

/**
 * Decides whether a pool may try to hand out a connection now, and learns from each
 * attempt's outcome: connmgmt's circuit breaker on connection acquisition. Called on every
 * borrow, so implementations must be cheap when the database is healthy.
 *
 * @since 0.1.0
 */
public interface AcquisitionGuard extends AutoCloseable {

	/**
	 * Return whether the guard needs no permission asked and may count successful
	 * acquisitions in bulk now: the database is healthy and no failure is recent. A quiet
	 * acquisition reports its success with {@link #succeededQuietly(long)} and its failure
	 * with {@link #failed(long, Throwable)}, so the healthy hot path costs a read and an
	 * increment.
	 * @return whether acquisitions may skip {@link #tryAcquire()}
	 */
	boolean isQuiet();

	/**
	 * Return how long an acquisition must take to count as slow. A pool whose acquisitions
	 * cannot take that long need not time its quiet acquisitions.
	 * @return the slow-acquisition threshold in nanoseconds, {@link Long#MAX_VALUE} for none
	 */
	default long slowAcquisitionNanos() {
		return Long.MAX_VALUE;
	}

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
	 * Record a successful acquisition that was given permission.
	 * @param nanos how long it took
	 */
	void succeeded(long nanos);

	/**
	 * Record a successful acquisition made while the guard was quiet, without permission.
	 * @param nanos how long it took, or 0 when it was not timed because it cannot have
	 * been slow
	 */
	void succeededQuietly(long nanos);

	/**
	 * Offer the guard a count of the quiet acquisitions that succeeded fast, which the pool
	 * keeps at no extra cost: if the guard takes it, the pool no longer calls
	 * {@link #succeededQuietly(long)} for them.
	 * @param successes the count, ever growing, read whenever the guard needs it
	 * @return whether the guard reads the count from now on
	 */
	default boolean countQuietSuccessesFrom(LongSupplier successes) {
		return false;
	}

	/**
	 * Record a failed acquisition.
	 * @param nanos how long it took
	 * @param failure why it failed
	 */
	void failed(long nanos, Throwable failure);

	/**
	 * Give back the permission of an acquisition whose outcome says nothing about the
	 * database, such as a timeout of a pool whose every connection was busy.
	 */
	void released();

	/**
	 * Learn that the pool opened a connection after its connects had been refused with
	 * connection errors: the database accepts connections again, and waiting longer
	 * before trial acquisitions would only delay the recovery.
	 */
	default void connectsAccepted() {
	}

	/**
	 * Stop any background work of the guard; called when the pool closes.
	 */
	@Override
	default void close() {
	}

}
