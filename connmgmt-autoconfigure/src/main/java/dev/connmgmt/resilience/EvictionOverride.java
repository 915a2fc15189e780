package dev.connmgmt.resilience;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells HikariCP which failures must not evict a connection, by the shared classification:
 * a constraint violation, a syntax error, a serialization failure or a deadlock says
 * nothing about the connection, so the connection stays. Everything else is left to
 * HikariCP's own judgement.
 *
 * @since 0.1.0
 */
public final class EvictionOverride implements SQLExceptionOverride {

	private final SqlFailures failures;

	/**
	 * Create an override.
	 * @param failures the shared classification
	 */
	public EvictionOverride(SqlFailures failures) {
		this.failures = failures;
	}

	@java.lang.Override
	public Override adjudicate(SQLException exception) {
		SqlFailureCategory category = this.failures.classify(exception);
		if (category == SqlFailureCategory.PERMANENT || isRollbackOnly(exception, category)) {
			return Override.DO_NOT_EVICT;
		}
		return Override.CONTINUE_EVICT;
	}

	private static boolean isRollbackOnly(SQLException exception, SqlFailureCategory category) {
		String state = exception.getSQLState();
		return category == SqlFailureCategory.TRANSIENT && state != null && state.startsWith("40");
	}

}
