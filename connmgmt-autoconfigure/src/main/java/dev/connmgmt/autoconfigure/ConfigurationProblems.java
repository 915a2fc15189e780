package dev.connmgmt.autoconfigure;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.connmgmt.lifecycle.InvalidPoolConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Collects every problem found in the pools' settings, so that startup is refused once
 * with all of them instead of once per problem. A violated {@link ValidationRule} the user
 * accepted ({@code connmgmt.validation.accept}, or every rule with
 * {@code connmgmt.validation.mode=warn}) is logged as a warning instead.
 */
final class ConfigurationProblems {

	static final String ACCEPT = ConnmgmtProperties.PREFIX + ".validation.accept";

	private static final Logger logger = LoggerFactory.getLogger(ConfigurationProblems.class);

	private final ValidationMode mode;

	private final Set<ValidationRule> accepted;

	private final List<InvalidPoolConfigurationException> problems = new ArrayList<>();

	ConfigurationProblems(ValidationMode mode, Set<ValidationRule> accepted) {
		this.mode = mode;
		this.accepted = accepted.isEmpty() ? EnumSet.noneOf(ValidationRule.class) : EnumSet.copyOf(accepted);
	}

	/**
	 * Read which rules the application accepts from {@code connmgmt.validation.*}.
	 */
	static ConfigurationProblems of(Environment environment) {
		Binder binder = Binder.get(environment);
		ValidationMode mode = binder.bind(ConnmgmtProperties.PREFIX + ".validation.mode", ValidationMode.class)
			.orElse(ValidationMode.FAIL);
		Set<ValidationRule> accepted = binder.bind(ACCEPT, Bindable.setOf(ValidationRule.class)).orElseGet(Set::of);
		return new ConfigurationProblems(mode, accepted);
	}

	/**
	 * Record a problem that refuses startup whatever is accepted.
	 */
	void add(InvalidPoolConfigurationException problem) {
		this.problems.add(problem);
	}

	/**
	 * Record a violated rule: refused unless the application accepts it, in which case it
	 * is logged as a warning now.
	 */
	void violated(ValidationRule rule, String property, String problem, String action) {
		if (this.mode == ValidationMode.WARN || this.accepted.contains(rule)) {
			logger.warn("{} {} (Accepted: {}={}.)", problem, action, ACCEPT, rule.propertyValue());
			return;
		}
		this.problems.add(new InvalidPoolConfigurationException(property, problem,
				action + " If this is intended, accept this rule alone with " + ACCEPT + "=" + rule.propertyValue()
						+ "."));
	}

	/**
	 * Run a check that throws at its first problem, recording that problem.
	 * @return whether the check passed
	 */
	boolean check(Runnable check) {
		try {
			check.run();
			return true;
		}
		catch (InvalidPoolConfigurationException ex) {
			this.problems.addAll(ex.getProblems());
			return false;
		}
	}

	boolean isEmpty() {
		return this.problems.isEmpty();
	}

	/**
	 * Refuse startup with every problem recorded, if any.
	 */
	void throwIfAny() {
		if (!this.problems.isEmpty()) {
			throw InvalidPoolConfigurationException.of(this.problems);
		}
	}

}
