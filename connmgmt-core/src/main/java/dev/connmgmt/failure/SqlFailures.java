package dev.connmgmt.failure;

import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientException;
import java.util.List;

/**
 * The one classification of SQL failures that retries, circuit breakers and pool eviction
 * share: the application's {@link SqlFailureClassifier} beans first, then connmgmt's rules
 * by SQLState and exception type. It walks the cause chain (and chained
 * {@link SQLException#getNextException() next exceptions}) to the first SQL failure it can
 * classify, so exceptions wrapped by Spring or HikariCP are classified by what the driver
 * said.
 *
 * @since 0.1.0
 */
public final class SqlFailures {

	private static final int MAXIMUM_DEPTH = 16;

	private final List<SqlFailureClassifier> classifiers;

	/**
	 * Create a classification.
	 * @param classifiers the application's classifiers, asked in order before the built-in
	 * rules
	 */
	public SqlFailures(List<SqlFailureClassifier> classifiers) {
		this.classifiers = List.copyOf(classifiers);
	}

	/**
	 * Return the classification with the built-in rules only.
	 * @return the default classification
	 */
	public static SqlFailures defaults() {
		return new SqlFailures(List.of());
	}

	/**
	 * Classify a failure.
	 * @param failure any throwable
	 * @return the category; {@link SqlFailureCategory#PERMANENT} for a failure that is no SQL
	 * failure at all (a bug in the application, not the database)
	 */
	public SqlFailureCategory classify(Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAXIMUM_DEPTH; depth++) {
			if (current instanceof SQLException sql) {
				SqlFailureCategory category = classifySql(sql);
				if (category != null) {
					return category;
				}
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return SqlFailureCategory.PERMANENT;
	}

	private SqlFailureCategory classifySql(SQLException exception) {
		for (SqlFailureClassifier classifier : this.classifiers) {
			SqlFailureCategory category = classifier.classify(exception);
			if (category != null) {
				return category;
			}
		}
		SqlFailureCategory byState = byState(exception.getSQLState());
		if (byState != null) {
			return byState;
		}
		SqlFailureCategory byType = byType(exception);
		if (byType != null) {
			return byType;
		}
		SQLException next = exception.getNextException();
		return (next != null && next != exception) ? classifySql(next) : null;
	}

	static SqlFailureCategory byState(String state) {
		if (state == null || state.length() < 2) {
			return null;
		}
		return switch (state) {
			case "40001", "40P01", "57P01", "57P02", "57P03" -> SqlFailureCategory.TRANSIENT;
			case "28000", "28P01" -> SqlFailureCategory.AUTHENTICATION;
			case "57014" -> SqlFailureCategory.DATABASE_FAILURE;
			default -> byClass(state.substring(0, 2));
		};
	}

	private static SqlFailureCategory byClass(String stateClass) {
		return switch (stateClass) {
			case "08" -> SqlFailureCategory.TRANSIENT;
			case "28" -> SqlFailureCategory.AUTHENTICATION;
			case "53", "54", "55", "57", "58", "XX", "HY" -> SqlFailureCategory.DATABASE_FAILURE;
			case "0A", "0L", "0P", "0Z", "21", "22", "23", "25", "26", "2B", "2D", "2F", "34", "38", "39", "3B", "3D",
					"3F", "42", "44", "72", "F0", "HV", "P0" ->
				SqlFailureCategory.PERMANENT;
			default -> null;
		};
	}

	private static SqlFailureCategory byType(SQLException exception) {
		if (exception instanceof SQLInvalidAuthorizationSpecException) {
			return SqlFailureCategory.AUTHENTICATION;
		}
		if (exception instanceof SQLTransactionRollbackException || exception instanceof SQLTransientException
				|| exception instanceof SQLRecoverableException) {
			return SqlFailureCategory.TRANSIENT;
		}
		if (exception instanceof SQLNonTransientConnectionException) {
			return SqlFailureCategory.DATABASE_FAILURE;
		}
		return null;
	}

}
