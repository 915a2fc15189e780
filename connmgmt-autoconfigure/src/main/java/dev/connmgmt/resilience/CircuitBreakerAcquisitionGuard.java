package dev.connmgmt.resilience;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.connmgmt.observability.PoolEvents;
import dev.connmgmt.pool.AcquisitionGuard;
import dev.connmgmt.pool.PoolUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.event.Level;

/**
 * Guards a pool's connection acquisition with a Resilience4j circuit breaker: while it is
 * open, callers are refused at once with a {@link PoolUnavailableException} instead of
 * waiting for the connection timeout.
 * <p>
 * Every failed acquisition is reported to the breaker. Successes are reported while a
 * failure is recent: from a failure on, until a whole sliding window of acquisitions has
 * succeeded with the breaker closed. While the database is healthy the guard is
 * {@link #isQuiet() quiet} and borrowing a connection does not touch Resilience4j at all
 * (its success bookkeeping and events cost more than the borrow itself). So the breaker's
 * failure rate is measured over the acquisitions since trouble began, and its success
 * counts cover those, not every healthy borrow.
 *
 * @since 0.1.0
 */
public final class CircuitBreakerAcquisitionGuard implements AcquisitionGuard {

	private final String poolName;

	private final CircuitBreaker breaker;

	private final int quietAfter;

	private final AtomicInteger successesToQuiet = new AtomicInteger();

	private volatile boolean recording;

	/**
	 * Create a guard.
	 * @param poolName the pool guarded
	 * @param breaker the breaker, from the application's registry
	 */
	public CircuitBreakerAcquisitionGuard(String poolName, CircuitBreaker breaker) {
		this.poolName = poolName;
		this.breaker = breaker;
		CircuitBreakerConfig config = breaker.getCircuitBreakerConfig();
		this.quietAfter = Math.max(config.getSlidingWindowSize(), config.getMinimumNumberOfCalls());
		breaker.getEventPublisher()
			.onStateTransition((event) -> PoolEvents.log(
					(event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) ? Level.INFO : Level.WARN,
					"circuitbreaker.transition", "pool", poolName, "breaker", breaker.getName(), "from",
					event.getStateTransition().getFromState(), "to", event.getStateTransition().getToState(),
					"failureRate", breaker.getMetrics().getFailureRate()));
	}

	@Override
	public boolean isQuiet() {
		return !this.recording && this.breaker.getState() == CircuitBreaker.State.CLOSED;
	}

	@Override
	public boolean tryAcquire() {
		return this.breaker.tryAcquirePermission();
	}

	@Override
	public SQLException rejection() {
		CircuitBreaker.Metrics metrics = this.breaker.getMetrics();
		long waitMillis = this.breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
		String detail = metrics.getNumberOfFailedCalls() + " of the last " + metrics.getNumberOfBufferedCalls()
				+ " acquisitions failed; trial acquisitions are let through after " + waitMillis + "ms open";
		return new PoolUnavailableException(this.poolName, this.breaker.getName(), this.breaker.getState().name(),
				detail);
	}

	@Override
	public void succeeded(long nanos) {
		this.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
		if (this.breaker.getState() == CircuitBreaker.State.CLOSED && this.successesToQuiet.decrementAndGet() <= 0) {
			this.recording = false;
		}
	}

	@Override
	public void failed(long nanos, Throwable failure) {
		this.successesToQuiet.set(this.quietAfter);
		this.recording = true;
		this.breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
	}

	/**
	 * Return the breaker.
	 * @return the Resilience4j circuit breaker
	 */
	public CircuitBreaker getBreaker() {
		return this.breaker;
	}

}
