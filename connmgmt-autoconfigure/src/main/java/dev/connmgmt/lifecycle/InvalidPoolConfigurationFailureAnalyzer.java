package dev.connmgmt.lifecycle;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports an {@link InvalidPoolConfigurationException}: the property at fault and the fix.
 * Runs before Spring Boot's generic binding analyzer, which would otherwise describe the
 * same failure less precisely.
 */
class InvalidPoolConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPoolConfigurationException>
		implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidPoolConfigurationException cause) {
		return new FailureAnalysis(cause.getProblem(), cause.getAction(), cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
