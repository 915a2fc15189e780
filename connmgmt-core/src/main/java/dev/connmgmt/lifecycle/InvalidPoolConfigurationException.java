package dev.connmgmt.lifecycle;

import java.util.List;

/**
 * A pool's configuration cannot work. Carries the property at fault, what is wrong with it
 * and how to fix it; a failure analyzer reports it when the
 * application fails to start. The value is only shown when it is not a secret. When a
 * configuration has several problems, one exception carries them all
 * ({@link #getProblems()}), so that they are reported together instead of one per restart.
 *
 * @since 0.1.0
 */
public class InvalidPoolConfigurationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final String problem;

	private final String action;

	private final List<InvalidPoolConfigurationException> problems;

	/**
	 * Create an exception.
	 * @param property the full property path at fault, such as
	 * {@code connmgmt.pools.orders.url}
	 * @param problem what is wrong, a sentence that names the property
	 * @param action how to fix it
	 */
	public InvalidPoolConfigurationException(String property, String problem, String action) {
		this(property, problem, action, null);
	}

	/**
	 * Create an exception with a cause.
	 * @param property the full property path at fault
	 * @param problem what is wrong, a sentence that names the property
	 * @param action how to fix it
	 * @param cause the underlying error, or {@code null}
	 */
	public InvalidPoolConfigurationException(String property, String problem, String action, Throwable cause) {
		super(problem, cause);
		this.property = property;
		this.problem = problem;
		this.action = action;
		this.problems = List.of(this);
	}

	private InvalidPoolConfigurationException(List<InvalidPoolConfigurationException> problems) {
		super(problems.size() + " problems in the pool configuration, the first: " + problems.get(0).getProblem(),
				problems.get(0).getCause());
		InvalidPoolConfigurationException first = problems.get(0);
		this.property = first.getProperty();
		this.problem = first.getProblem();
		this.action = first.getAction();
		this.problems = List.copyOf(problems);
		problems.stream().skip(1).forEach(this::addSuppressed);
	}

	/**
	 * Return one exception for all the problems found: the problem itself when there is
	 * one, else an exception whose {@link #getProblems()} lists them in order, and whose
	 * property, problem and action are the first's.
	 * @param problems the problems found, at least one
	 * @return the exception to throw
	 */
	public static InvalidPoolConfigurationException of(List<InvalidPoolConfigurationException> problems) {
		if (problems.isEmpty()) {
			throw new IllegalArgumentException("No problem to report");
		}
		return (problems.size() == 1) ? problems.get(0) : new InvalidPoolConfigurationException(problems);
	}

	/**
	 * Return the full path of the property at fault.
	 * @return the property path
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return what is wrong.
	 * @return the problem
	 */
	public String getProblem() {
		return this.problem;
	}

	/**
	 * Return how to fix it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

	/**
	 * Return every problem this exception reports: itself alone, or each of the problems
	 * found together.
	 * @return the problems, in the order they were found
	 */
	public List<InvalidPoolConfigurationException> getProblems() {
		return this.problems;
	}

}
