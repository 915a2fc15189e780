package dev.connmgmt.autoconfigure;

import java.util.List;

import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports an {@link InvalidPoolConfigurationException}: the property at fault and the fix,
 * or, when several problems were found, every one of them with its own fix.
 * Runs before Spring Boot's generic binding analyzer, which would otherwise describe the
 * same failure less precisely.
 */
class InvalidPoolConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPoolConfigurationException>
		implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidPoolConfigurationException cause) {
		List<InvalidPoolConfigurationException> problems = cause.getProblems();
		if (problems.size() == 1) {
			return new FailureAnalysis(cause.getProblem(), cause.getAction(), cause);
		}
		StringBuilder description = new StringBuilder();
		description.append("connmgmt found ").append(problems.size()).append(" problems in the pool configuration:");
		for (int i = 0; i < problems.size(); i++) {
			InvalidPoolConfigurationException problem = problems.get(i);
			description.append(System.lineSeparator())
				.append(System.lineSeparator())
				.append(i + 1)
				.append(". ")
				.append(problem.getProperty())
				.append(System.lineSeparator())
				.append("   ")
				.append(problem.getProblem())
				.append(System.lineSeparator())
				.append("   Fix: ")
				.append(problem.getAction());
		}
		return new FailureAnalysis(description.toString(),
				"Fix each of the " + problems.size() + " problems above as its 'Fix' line says. They are every "
						+ "problem connmgmt found in these settings, so fixing them all is enough for this check.",
				cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
