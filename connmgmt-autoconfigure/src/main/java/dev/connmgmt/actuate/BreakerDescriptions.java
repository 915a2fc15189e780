package dev.connmgmt.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.resilience.CircuitBreakerAcquisitionGuard;
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

	static Map<String, Object> describe(ManagedDataSource pool) {
		if (!PRESENT || !(pool.getGuard() instanceof CircuitBreakerAcquisitionGuard guard)) {
			return null;
		}
		CircuitBreaker breaker = guard.getBreaker();
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("name", breaker.getName());
		description.put("state", breaker.getState().name());
		description.put("failureRate", breaker.getMetrics().getFailureRate());
		description.put("bufferedCalls", breaker.getMetrics().getNumberOfBufferedCalls());
		description.put("failedCalls", breaker.getMetrics().getNumberOfFailedCalls());
		description.put("notPermittedCalls", breaker.getMetrics().getNumberOfNotPermittedCalls());
		return description;
	}

	static Map<String, Object> describeRetry(Object transactions, String pool) {
		if (!PRESENT || !(transactions instanceof ConnmgmtTransactions all)) {
			return null;
		}
		Retry retry = all.pool(pool).getRetry();
		Retry.Metrics metrics = retry.getMetrics();
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("name", retry.getName());
		description.put("maxAttempts", retry.getRetryConfig().getMaxAttempts());
		description.put("successfulWithoutRetry", metrics.getNumberOfSuccessfulCallsWithoutRetryAttempt());
		description.put("successfulWithRetry", metrics.getNumberOfSuccessfulCallsWithRetryAttempt());
		description.put("failedWithoutRetry", metrics.getNumberOfFailedCallsWithoutRetryAttempt());
		description.put("failedWithRetry", metrics.getNumberOfFailedCallsWithRetryAttempt());
		return description;
	}

}
