package dev.connmgmt.failure;

/**
 * What a failed database call means for whoever decides what to do next: retry it, count it
 * against the database's health, refresh credentials, or give up.
 *
 * @since 0.1.0
 */
public enum SqlFailureCategory {

	/**
	 * The call may succeed if tried again: a lost or refused connection (SQLState class
	 * 08), a serialization failure (40001), a deadlock (40P01), the server shutting down or
	 * restarting (57P01 to 57P03). Retried when the work is idempotent; counts as a breaker
	 * failure.
	 */
	TRANSIENT(true, true),

	/**
	 * The database refused the credentials (28000, 28P01). Never retried in a loop; the
	 * pool's credential source is asked to refresh instead. Not a breaker failure: the
	 * database is up.
	 */
	AUTHENTICATION(false, false),

	/**
	 * The call is wrong and will fail again: integrity constraint (class 23), syntax or
	 * access rule (class 42), data exception (class 22), and anything else the application
	 * caused. Never retried and never counted against the database's health.
	 */
	PERMANENT(false, false),

	/**
	 * The database failed in a way that says nothing about retrying: resources exhausted
	 * (class 53), a cancelled or timed-out statement (57014), an internal error (XX). Not
	 * retried, but counted as a breaker failure.
	 */
	DATABASE_FAILURE(false, true);

	private final boolean retryable;

	private final boolean breakerFailure;

	SqlFailureCategory(boolean retryable, boolean breakerFailure) {
		this.retryable = retryable;
		this.breakerFailure = breakerFailure;
	}

	/**
	 * Return whether idempotent work failing this way may be tried again.
	 * @return whether the failure is retryable
	 */
	public boolean isRetryable() {
		return this.retryable;
	}

	/**
	 * Return whether a failure of this kind counts against the database's health in a
	 * circuit breaker.
	 * @return whether the failure counts as a breaker failure
	 */
	public boolean isBreakerFailure() {
		return this.breakerFailure;
	}

}
