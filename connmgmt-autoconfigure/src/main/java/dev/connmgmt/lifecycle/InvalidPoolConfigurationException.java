package dev.connmgmt.lifecycle;

/**
 * A pool's configuration cannot work. Carries the property at fault, what is wrong with it
 * and how to fix it; {@link InvalidPoolConfigurationFailureAnalyzer} reports it when the
 * application fails to start. The value is only shown when it is not a secret.
 *
 * @since 0.1.0
 */
public class InvalidPoolConfigurationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final String problem;

	private final String action;

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

}
