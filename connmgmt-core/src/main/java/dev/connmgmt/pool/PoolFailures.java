package dev.connmgmt.pool;

import java.sql.SQLException;

/**
 * Turns HikariCP's acquisition errors into connmgmt's typed ones: a timeout caused by
 * refused credentials is reported as the authentication failure it is.
 */
final class PoolFailures {

	private PoolFailures() {
	}

	static SQLException translate(SQLException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof PoolAuthenticationException authentication) {
				return authentication.again();
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return ex;
	}

}
