package dev.connmgmt.actuate;

import java.util.List;
import java.util.Map;

/**
 * What {@code /actuator/connections} says of one pool. Secrets never appear: the URL is
 * redacted and no password is included.
 *
 * @param state running, not started, draining or closed
 * @param lazy whether the pool starts on first use
 * @param minimumIdle configured minimum idle connections
 * @param maximumPoolSize maximum size now (an autoscaled pool changes it)
 * @param connections active, idle, total and pending now, when the pool runs
 * @param settings key settings: URL (redacted), username, timeouts
 * @param credentials the credential source's type and generation
 * @param circuitBreaker the breaker's name, state and failure rate, when there is one
 * @param retry the retry of idempotent work: name and call counts, when there is one
 * @param autoscaler the autoscaler's state, when the pool sizes itself
 * @param advice the pool-size advice given at startup
 * @since 0.1.0
 */
public record PoolDescriptor(String state, boolean lazy, int minimumIdle, int maximumPoolSize,
		Map<String, Integer> connections, Map<String, Object> settings, Map<String, Object> credentials,
		Map<String, Object> circuitBreaker, Map<String, Object> retry, Map<String, Object> autoscaler, List<String> advice) {
}
