package dev.connmgmt.internal.pool;

/**
 * Observes connection acquisitions that happen inside a trace, so they show up as spans of
 * it. Asked on every borrow, it must answer quickly with {@code null} when nothing is being
 * traced.
 *
 * @since 0.1.0
 */
public interface AcquisitionObserver {

	/**
	 * Begin observing an acquisition.
	 * @param pool the pool
	 * @return the observation, or {@code null} when this acquisition is not observed
	 */
	Acquisition begin(String pool);

	/**
	 * One observed acquisition.
	 */
	interface Acquisition {

		/**
		 * The connection was acquired.
		 * @param waitNanos how long the caller waited
		 */
		void acquired(long waitNanos);

		/**
		 * The acquisition failed.
		 * @param waitNanos how long the caller waited
		 * @param failure why
		 */
		void failed(long waitNanos, Throwable failure);

	}

}
