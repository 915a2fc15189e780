package dev.connmgmt.internal.credentials;

import java.time.Duration;

/**
 * When a lease-based source acts: renew or rotate at a fraction of the time a lease has
 * left, and after a failure retry on a schedule taken from the time the credentials still
 * have, not from the lease's advertised TTL (spring-cloud-vault#958 retried on the TTL and
 * let credentials expire between attempts).
 *
 * @param rotateAt the fraction of a lease's time to live at which it is renewed or replaced,
 * between 0 and 1 exclusive
 * @param firstRetry the delay before the first retry
 * @param maxRetry the longest delay between retries
 * @since 0.1.0
 */
public record RotationTiming(double rotateAt, Duration firstRetry, Duration maxRetry) {

	/**
	 * The shortest delay between attempts, so that a Vault that fails fast is not flooded.
	 */
	static final Duration MIN_RETRY = Duration.ofMillis(100);

	/**
	 * Create timing, checking its values.
	 * @param rotateAt the fraction of a lease's time to live at which it is renewed or
	 * replaced
	 * @param firstRetry the delay before the first retry
	 * @param maxRetry the longest delay between retries
	 */
	public RotationTiming {
		if (!(rotateAt > 0 && rotateAt < 1)) {
			throw new IllegalArgumentException("rotate-at must be between 0 and 1 exclusive, was " + rotateAt);
		}
		if (firstRetry.compareTo(MIN_RETRY) < 0 || maxRetry.compareTo(firstRetry) < 0) {
			throw new IllegalArgumentException("retry delays must be at least " + MIN_RETRY.toMillis()
					+ "ms and the first no longer than the longest");
		}
	}

	/**
	 * Return how long after obtaining or renewing a lease it is renewed or replaced.
	 * @param ttl the lease's time to live
	 * @return the delay
	 */
	public Duration actAfter(Duration ttl) {
		return Duration.ofNanos((long) (ttl.toNanos() * this.rotateAt));
	}

	/**
	 * Return how long to wait before trying again after a failed renewal or rotation.
	 * Backs off exponentially, but never so long that fewer than about four more attempts
	 * fit into the time the credentials have left; once they expired, retries at most
	 * every second so that recovery follows Vault's return closely.
	 * @param attempt the number of consecutive failures, from 1
	 * @param timeLeft how long the current credentials keep working, zero or negative once
	 * expired, or {@code null} when they do not expire
	 * @return the delay
	 */
	public Duration retryAfter(int attempt, Duration timeLeft) {
		int doublings = Math.min(Math.max(attempt - 1, 0), 20);
		Duration backoff = this.firstRetry.multipliedBy(1L << doublings);
		if (backoff.compareTo(this.maxRetry) > 0) {
			backoff = this.maxRetry;
		}
		Duration bound;
		if (timeLeft == null) {
			bound = this.maxRetry;
		}
		else if (timeLeft.isNegative() || timeLeft.isZero()) {
			bound = Duration.ofSeconds(1);
		}
		else {
			bound = timeLeft.dividedBy(4);
		}
		Duration delay = (backoff.compareTo(bound) < 0) ? backoff : bound;
		return (delay.compareTo(MIN_RETRY) < 0) ? MIN_RETRY : delay;
	}

	/**
	 * Return whether credentials that failed to renew are at risk: less than half of the
	 * margin the rotation point leaves before expiry is left, so that health can report
	 * the pool before its credentials expire.
	 * @param ttl the time to live the current lease was last granted
	 * @param timeLeft the time left
	 * @return whether the credentials are at risk
	 */
	public boolean atRisk(Duration ttl, Duration timeLeft) {
		Duration margin = Duration.ofNanos((long) (ttl.toNanos() * (1 - this.rotateAt) / 2));
		return timeLeft.compareTo(margin) <= 0;
	}

}
