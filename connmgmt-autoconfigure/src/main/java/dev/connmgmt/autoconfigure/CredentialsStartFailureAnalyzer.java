package dev.connmgmt.autoconfigure;

import dev.connmgmt.lifecycle.CredentialsStartException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a pool that could not obtain its first credentials.
 */
class CredentialsStartFailureAnalyzer extends AbstractFailureAnalyzer<CredentialsStartException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CredentialsStartException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
