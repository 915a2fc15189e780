package dev.connmgmt.actuate;


import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.internal.resilience.CircuitBreakerAcquisitionGuard;
import dev.connmgmt.resilience.ConnmgmtTransactions;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;

import org.springframework.util.ClassUtils;

/**
 * Describes a pool's circuit breaker and retry for the endpoint, touching Resilience4j only
 * when it is on the classpath.
 */
final class BreakerDescriptions {

	private static final boolean PRESENT = ClassUtils.isPresent("io.github.resilience4j.circuitbreaker.CircuitBreaker",
			BreakerDescriptions.class.getClassLoader());

	private BreakerDescriptions() {
	}

	static PoolDescriptor.CircuitBreaker describe(ManagedDataSource pool) {
		if (!PRESENT || !(pool.getGuard() instanceof CircuitBreakerAcquisitionGuard guard)) {
			return null;
		}
		CircuitBreaker breaker = guard.getBreaker();
		CircuitBreaker.Metrics metrics = breaker.getMetrics();
		return new PoolDescriptor.CircuitBreaker(breaker.getName(), breaker.getState().name(), metrics.getFailureRate(),
				metrics.getNumberOfBufferedCalls(), metrics.getNumberOfFailedCalls(), metrics.getNumberOfNotPermittedCalls());
	}

	static PoolDescriptor.Retry describeRetry(Object transactions, String pool) {
		if (!PRESENT || !(transactions instanceof ConnmgmtTransactions all)) {
			return null;
		}
		Retry retry = all.pool(pool).getRetry();
		Retry.Metrics metrics = retry.getMetrics();
		return new PoolDescriptor.Retry(retry.getName(), retry.getRetryConfig().getMaxAttempts(),
				metrics.getNumberOfSuccessfulCallsWithoutRetryAttempt(), metrics.getNumberOfSuccessfulCallsWithRetryAttempt(),
				metrics.getNumberOfFailedCallsWithoutRetryAttempt(), metrics.getNumberOfFailedCallsWithRetryAttempt());
	}

}
