package dev.connmgmt.autoconfigure;

import java.time.Duration;

import dev.connmgmt.internal.resilience.ConnectionResilienceDefaults;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The worst-case time idempotent work on a pool can take: every attempt waiting its full
 * connection timeout and running its full query limit, plus every backoff between
 * attempts, read from the same {@code resilience4j.retry} settings the retry is built from.
 */
record RetryBudget(int attempts, Duration perAttempt, Duration backoff) {

	Duration total() {
		return this.perAttempt.multipliedBy(this.attempts).plus(this.backoff);
	}

	/**
	 * Return the budget of a pool, or {@code null} when its attempts have no upper bound
	 * (no query limit) or it is not retried.
	 */
	static RetryBudget of(String name, PoolProperties pool, Environment environment) {
		Duration query = pool.getTimeouts().getQuery();
		if (query == null || !pool.getResilience().isEnabled()) {
			return null;
		}
		Binder binder = Binder.get(environment);
		String instance = "resilience4j.retry.instances." + pool.getResilience().retryName(name);
		String defaults = "resilience4j.retry.configs.default";
		int attempts = binder.bind(instance + ".max-attempts", Integer.class)
			.orElseGet(() -> binder.bind(defaults + ".max-attempts", Integer.class)
				.orElse(ConnectionResilienceDefaults.MAX_ATTEMPTS));
		Duration wait = binder.bind(instance + ".wait-duration", Duration.class)
			.orElseGet(() -> binder.bind(defaults + ".wait-duration", Duration.class).orElse(null));
		Duration backoff = (wait != null) ? wait.multipliedBy(Math.max(0, attempts - 1))
				: ConnectionResilienceDefaults.maximumTotalBackoff();
		return new RetryBudget(attempts, pool.getConnectionTimeout().plus(query), backoff);
	}

}
