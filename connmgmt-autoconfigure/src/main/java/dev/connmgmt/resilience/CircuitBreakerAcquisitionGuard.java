package dev.connmgmt.resilience;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import dev.connmgmt.pool.AcquisitionGuard;
import dev.connmgmt.pool.PoolUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * Guards a pool's connection acquisition with a Resilience4j circuit breaker: while it is
 * open, callers are refused at once with a {@link PoolUnavailableException} instead of
 * waiting for the connection timeout.
 *
 * @since 0.1.0
 */
public final class CircuitBreakerAcquisitionGuard implements AcquisitionGuard {

	private final String poolName;

	private final CircuitBreaker breaker;

	/**
	 * Create a guard.
	 * @param poolName the pool guarded
	 * @param breaker the breaker, from the application's registry
	 */
	public CircuitBreakerAcquisitionGuard(String poolName, CircuitBreaker breaker) {
		this.poolName = poolName;
		this.breaker = breaker;
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
	}

	@Override
	public void failed(long nanos, Throwable failure) {
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
