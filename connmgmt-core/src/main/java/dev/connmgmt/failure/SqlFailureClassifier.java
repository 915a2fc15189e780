package dev.connmgmt.failure;

import java.sql.SQLException;

/**
 * Classifies one {@link SQLException}. Define a bean of this type to teach connmgmt about a
 * driver's or an application's own error codes: it is asked before connmgmt's own rules,
 * which apply wherever it answers {@code null}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SqlFailureClassifier {

	/**
	 * Classify an exception.
	 * @param exception the exception, never {@code null}
	 * @return its category, or {@code null} to leave the decision to other classifiers
	 */
	SqlFailureCategory classify(SQLException exception);

}
