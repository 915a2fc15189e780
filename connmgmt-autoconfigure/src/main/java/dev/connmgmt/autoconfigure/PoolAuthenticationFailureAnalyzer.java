package dev.connmgmt.autoconfigure;

import dev.connmgmt.pool.PoolAuthenticationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports a pool that could not log in while the application started.
 */
class PoolAuthenticationFailureAnalyzer extends AbstractFailureAnalyzer<PoolAuthenticationException>
		implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PoolAuthenticationException cause) {
		String pool = cause.getPoolName();
		String prefix = ConnmgmtProperties.PREFIX + ".pools." + pool;
		String where = "default".equals(pool) ? "spring.datasource.username and spring.datasource.password"
				: prefix + ".username and " + prefix + ".password";
		String description = cause.getMessage();
		String action = "Check the credentials of pool '" + pool + "' (" + where
				+ ", or the pool's credential source) and that the role may log in to the database. "
				+ "To start the application without a database, set " + prefix
				+ ".lazy=true or a negative " + prefix + ".initialization-fail-timeout.";
		return new FailureAnalysis(description, action, cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
