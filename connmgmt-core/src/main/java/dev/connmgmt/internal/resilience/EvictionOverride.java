package dev.connmgmt.internal.resilience;

import java.sql.SQLException;

import dev.connmgmt.failure.SqlFailureCategory;
import dev.connmgmt.failure.SqlFailures;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells HikariCP which failures must not evict a connection, by the shared classification:
 * a constraint violation, a syntax error, a serialization failure or a deadlock says
 * nothing about the connection, so the connection stays. Everything else is left to
 * HikariCP's own judgement.
 * <p>
 * A failure that says the connection was lost (SQLState class 08, or 57P01 to 57P03: the
 * server shut down, restarted or is starting) is also reported to a callback: the pool's
 * other connections, opened before it, may be as dead as this one.
 *
 * @since 0.1.0
 */
public final class EvictionOverride implements SQLExceptionOverride {

	private final SqlFailures failures;

	private final Runnable connectionLost;

	/**
	 * Create an override.
	 * @param failures the shared classification
	 */
	public EvictionOverride(SqlFailures failures) {
		this(failures, () -> {
		});
	}

	/**
	 * Create an override that reports lost connections.
	 * @param failures the shared classification
	 * @param connectionLost called when a failure says a connection was lost
	 */
	public EvictionOverride(SqlFailures failures, Runnable connectionLost) {
		this.failures = failures;
		this.connectionLost = connectionLost;
	}

	@java.lang.Override
	public Override adjudicate(SQLException exception) {
		if (isConnectionLoss(exception.getSQLState())) {
			this.connectionLost.run();
		}
		SqlFailureCategory category = this.failures.classify(exception);
		if (category == SqlFailureCategory.PERMANENT || isRollbackOnly(exception, category)) {
			return Override.DO_NOT_EVICT;
		}
		return Override.CONTINUE_EVICT;
	}

	static boolean isConnectionLoss(String state) {
		return state != null && (state.startsWith("08") || "57P01".equals(state) || "57P02".equals(state)
				|| "57P03".equals(state));
	}

	private static boolean isRollbackOnly(SQLException exception, SqlFailureCategory category) {
		String state = exception.getSQLState();
		return category == SqlFailureCategory.TRANSIENT && state != null && state.startsWith("40");
	}

}
