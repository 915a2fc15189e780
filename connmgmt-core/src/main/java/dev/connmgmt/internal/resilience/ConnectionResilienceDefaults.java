package dev.connmgmt.internal.resilience;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.common.circuitbreaker.configuration.CommonCircuitBreakerConfigurationProperties;
import io.github.resilience4j.common.retry.configuration.CommonRetryConfigurationProperties;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;

/**
 * What connmgmt's circuit breakers and retries do when the application configured nothing
 * for them under {@code resilience4j.*}: settings chosen for database connections.
 * <ul>
 * <li>Breaker: opens when half of the last 10 acquisitions failed (after at least 5), stays
 * open 5s, then lets 3 trial acquisitions through.</li>
 * <li>Retry: 3 attempts in all, 100ms then 200ms apart with ±50% jitter, so that a fleet of
 * clients does not retry in step.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class ConnectionResilienceDefaults {

	/**
	 * Failure rate, in percent, at which the breaker opens.
	 */
	public static final float FAILURE_RATE_THRESHOLD = 50;

	/**
	 * Acquisitions the breaker's failure rate is computed over.
	 */
	public static final int SLIDING_WINDOW_SIZE = 10;

	/**
	 * Acquisitions needed before the breaker computes a failure rate.
	 */
	public static final int MINIMUM_NUMBER_OF_CALLS = 5;

	/**
	 * How long the breaker stays open.
	 */
	public static final Duration WAIT_DURATION_IN_OPEN_STATE = Duration.ofSeconds(5);

	/**
	 * Trial acquisitions let through when half-open.
	 */
	public static final int PERMITTED_CALLS_IN_HALF_OPEN_STATE = 3;

	/**
	 * Attempts of idempotent work, the first included.
	 */
	public static final int MAX_ATTEMPTS = 3;

	/**
	 * Wait before the first retry.
	 */
	public static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);

	/**
	 * Factor between successive waits.
	 */
	public static final double BACKOFF_MULTIPLIER = 2.0;

	/**
	 * Random spread of each wait, as a fraction of it.
	 */
	public static final double JITTER = 0.5;

	private ConnectionResilienceDefaults() {
	}

	/**
	 * Apply the defaults for every setting the application left unset.
	 * @param builder the breaker configuration being built
	 * @param configured the application's settings for this breaker, or {@code null}
	 */
	public static void applyTo(CircuitBreakerConfig.Builder builder,
			CommonCircuitBreakerConfigurationProperties.InstanceProperties configured) {
		CommonCircuitBreakerConfigurationProperties.InstanceProperties user = (configured != null) ? configured
				: new CommonCircuitBreakerConfigurationProperties.InstanceProperties();
		if (user.getSlidingWindowType() == null && user.getSlidingWindowSize() == null) {
			builder.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(SLIDING_WINDOW_SIZE);
		}
		if (user.getMinimumNumberOfCalls() == null) {
			builder.minimumNumberOfCalls(MINIMUM_NUMBER_OF_CALLS);
		}
		if (user.getFailureRateThreshold() == null) {
			builder.failureRateThreshold(FAILURE_RATE_THRESHOLD);
		}
		if (user.getWaitDurationInOpenState() == null && user.getEnableExponentialBackoff() == null
				&& user.getEnableRandomizedWait() == null) {
			builder.waitDurationInOpenState(WAIT_DURATION_IN_OPEN_STATE);
		}
		if (user.getPermittedNumberOfCallsInHalfOpenState() == null) {
			builder.permittedNumberOfCallsInHalfOpenState(PERMITTED_CALLS_IN_HALF_OPEN_STATE);
		}
	}

	/**
	 * Apply the defaults for every setting the application left unset.
	 * @param builder the retry configuration being built
	 * @param configured the application's settings for this retry, or {@code null}
	 */
	@SuppressWarnings("rawtypes")
	public static void applyTo(RetryConfig.Builder builder, CommonRetryConfigurationProperties.InstanceProperties configured) {
		CommonRetryConfigurationProperties.InstanceProperties user = (configured != null) ? configured
				: new CommonRetryConfigurationProperties.InstanceProperties();
		if (user.getMaxAttempts() == null) {
			builder.maxAttempts(MAX_ATTEMPTS);
		}
		if (user.getWaitDuration() == null && user.getEnableExponentialBackoff() == null
				&& user.getEnableRandomizedWait() == null) {
			builder.intervalFunction(
					IntervalFunction.ofExponentialRandomBackoff(INITIAL_BACKOFF, BACKOFF_MULTIPLIER, JITTER));
		}
	}

	/**
	 * Return the longest total wait between attempts the default retry can add.
	 * @return the worst-case backoff of all retries together
	 */
	public static Duration maximumTotalBackoff() {
		Duration total = Duration.ZERO;
		double wait = INITIAL_BACKOFF.toMillis();
		for (int retry = 1; retry < MAX_ATTEMPTS; retry++) {
			total = total.plusMillis((long) Math.ceil(wait * (1 + JITTER)));
			wait *= BACKOFF_MULTIPLIER;
		}
		return total;
	}

}
