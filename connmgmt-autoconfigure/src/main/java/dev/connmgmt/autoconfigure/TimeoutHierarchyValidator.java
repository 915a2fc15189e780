package dev.connmgmt.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;

/**
 * Checks that a pool's time limits nest, so that the limit meant to act first does: the
 * connect limit before the socket limit, a statement's limit before the socket's (a
 * cancelled statement, not a dropped connection), waiting for a connection before the
 * whole request's limit, leak reports only after a caller could have stopped waiting.
 */
final class TimeoutHierarchyValidator {

	private TimeoutHierarchyValidator() {
	}

	static List<InvalidPoolConfigurationException> violations(String name, PoolProperties pool, RetryBudget budget) {
		TimeoutProperties timeouts = pool.getTimeouts();
		List<InvalidPoolConfigurationException> violations = new ArrayList<>();
		shorter(violations, name, "timeouts.connect", timeouts.getConnect(), "timeouts.socket", timeouts.getSocket(),
				"a slow login would be cut by the socket limit instead of failing as a connect timeout");
		shorter(violations, name, "timeouts.query", timeouts.getQuery(), "timeouts.socket", timeouts.getSocket(),
				"a long statement would lose its connection to the socket limit instead of being cancelled by the "
						+ "database");
		shorter(violations, name, "connection-timeout", pool.getConnectionTimeout(), "timeouts.request",
				timeouts.getRequest(), "a caller could wait for a connection longer than its whole request may take");
		Duration leak = pool.getLeakDetectionThreshold();
		if (!leak.isZero()) {
			shorter(violations, name, "connection-timeout", pool.getConnectionTimeout(), "leak-detection-threshold",
					leak, "a connection would be reported as leaked sooner than a caller gives up waiting for one");
		}
		if (budget != null && timeouts.getRequest() != null && budget.total().compareTo(timeouts.getRequest()) > 0) {
			String request = PoolPropertiesValidator.path(name, "timeouts.request");
			violations.add(new InvalidPoolConfigurationException(request, "Idempotent work on pool '" + name
					+ "' can take up to " + PoolPropertiesValidator.print(budget.total()) + " (" + budget.attempts()
					+ " attempts x (connection-timeout + timeouts.query = "
					+ PoolPropertiesValidator.print(budget.perAttempt()) + ") + up to "
					+ PoolPropertiesValidator.print(budget.backoff()) + " of backoff), longer than '" + request + "' ("
					+ PoolPropertiesValidator.print(timeouts.getRequest()) + "): its last attempts could never finish.",
					"Lengthen '" + request + "' to at least " + PoolPropertiesValidator.print(budget.total())
							+ ", or shorten connection-timeout or timeouts.query, or lower resilience4j.retry.instances."
							+ pool.getResilience().retryName(name)
							+ ".max-attempts. Set connmgmt.validation.mode=warn to start anyway."));
		}
		return violations;
	}

	private static void shorter(List<InvalidPoolConfigurationException> violations, String name, String shorterKey,
			Duration shorter, String longerKey, Duration longer, String consequence) {
		if (shorter == null || longer == null || shorter.compareTo(longer) < 0) {
			return;
		}
		String shorterPath = PoolPropertiesValidator.path(name, shorterKey);
		String longerPath = PoolPropertiesValidator.path(name, longerKey);
		violations.add(new InvalidPoolConfigurationException(shorterPath,
				"Property '" + shorterPath + "' (" + PoolPropertiesValidator.print(shorter) + ") is not shorter than '"
						+ longerPath + "' (" + PoolPropertiesValidator.print(longer) + "): " + consequence + ".",
				"Make '" + shorterPath + "' shorter than '" + longerPath + "', or lengthen '" + longerPath
						+ "'. Set connmgmt.validation.mode=warn to start anyway."));
	}

}
