package dev.connmgmt.autoconfigure;

import java.time.Duration;

/**
 * Checks that a pool's time limits nest, so that the limit meant to act first does: the
 * connect limit before the socket limit, a statement's limit before the socket's (a
 * cancelled statement, not a dropped connection), waiting for a connection before the
 * whole request's limit, leak reports only after a caller could have stopped waiting.
 * Each check is a {@link ValidationRule} the application can accept by name.
 */
final class TimeoutHierarchyValidator {

	private TimeoutHierarchyValidator() {
	}

	static void validate(String name, PoolProperties pool, RetryBudget budget, ConfigurationProblems problems) {
		TimeoutProperties timeouts = pool.getTimeouts();
		shorter(problems, ValidationRule.CONNECT_WITHIN_SOCKET, name, "timeouts.connect", timeouts.getConnect(),
				"timeouts.socket", timeouts.getSocket(),
				"a slow login would be cut by the socket limit instead of failing as a connect timeout");
		shorter(problems, ValidationRule.QUERY_WITHIN_SOCKET, name, "timeouts.query", timeouts.getQuery(),
				"timeouts.socket", timeouts.getSocket(),
				"a long statement would lose its connection to the socket limit instead of being cancelled by the "
						+ "database");
		shorter(problems, ValidationRule.WAIT_WITHIN_REQUEST, name, "connection-timeout", pool.getConnectionTimeout(),
				"timeouts.request", timeouts.getRequest(),
				"a caller could wait for a connection longer than its whole request may take");
		Duration leak = pool.getLeakDetectionThreshold();
		if (!leak.isZero()) {
			shorter(problems, ValidationRule.WAIT_WITHIN_LEAK_DETECTION, name, "connection-timeout",
					pool.getConnectionTimeout(), "leak-detection-threshold", leak,
					"a connection would be reported as leaked sooner than a caller gives up waiting for one");
		}
		if (budget != null && timeouts.getRequest() != null && budget.total().compareTo(timeouts.getRequest()) > 0) {
			String request = PoolPropertiesValidator.path(name, "timeouts.request");
			problems.violated(ValidationRule.RETRIES_WITHIN_REQUEST, request, "Idempotent work on pool '" + name
					+ "' can take up to " + PoolPropertiesValidator.print(budget.total()) + " (" + budget.attempts()
					+ " attempts x (connection-timeout + timeouts.query = "
					+ PoolPropertiesValidator.print(budget.perAttempt()) + ") + up to "
					+ PoolPropertiesValidator.print(budget.backoff()) + " of backoff), longer than '" + request + "' ("
					+ PoolPropertiesValidator.print(timeouts.getRequest()) + "): its last attempts could never finish.",
					"Lengthen '" + request + "' to at least " + PoolPropertiesValidator.print(budget.total())
							+ ", or shorten connection-timeout or timeouts.query, or lower resilience4j.retry.instances."
							+ pool.getResilience().retryName(name) + ".max-attempts.");
		}
	}

	private static void shorter(ConfigurationProblems problems, ValidationRule rule, String name, String shorterKey,
			Duration shorter, String longerKey, Duration longer, String consequence) {
		if (shorter == null || longer == null || shorter.compareTo(longer) < 0) {
			return;
		}
		String shorterPath = PoolPropertiesValidator.path(name, shorterKey);
		String longerPath = PoolPropertiesValidator.path(name, longerKey);
		problems.violated(rule, shorterPath,
				"Property '" + shorterPath + "' (" + PoolPropertiesValidator.print(shorter) + ") is not shorter than '"
						+ longerPath + "' (" + PoolPropertiesValidator.print(longer) + "): " + consequence + ".",
				"Make '" + shorterPath + "' shorter than '" + longerPath + "', or lengthen '" + longerPath + "'.");
	}

}
