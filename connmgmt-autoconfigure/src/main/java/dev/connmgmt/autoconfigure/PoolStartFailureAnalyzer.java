package dev.connmgmt.autoconfigure;


import dev.connmgmt.lifecycle.PoolStartException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a pool that could not connect while the application started, for reasons other
 * than refused credentials (those are {@link PoolAuthenticationFailureAnalyzer}'s).
 */
class PoolStartFailureAnalyzer extends AbstractFailureAnalyzer<PoolStartException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PoolStartException cause) {
		String prefix = "default".equals(cause.getPoolName()) ? "spring.datasource"
				: ConnmgmtProperties.PREFIX + ".pools." + cause.getPoolName();
		String action = "Check that the database at " + prefix + ".url is running and reachable. "
				+ "To start the application without it, set " + ConnmgmtProperties.PREFIX + ".pools."
				+ cause.getPoolName() + ".lazy=true or a negative initialization-fail-timeout.";
		return new FailureAnalysis(cause.getMessage(), action, cause);
	}

}
