package dev.connmgmt.pool;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * A caller waiting for a connection was told that the pool's latest attempt to open one
 * failed with a connection error (the server refused the connection, shut down or could
 * not be reached): it fails now instead of waiting out the connection timeout for a
 * connection that cannot come. The cause is the driver's error.
 *
 * @since 0.1.0
 */
public class DatabaseRefusedException extends SQLTransientConnectionException {

	private static final long serialVersionUID = 1L;

	private static final String UNABLE_TO_CONNECT = "08001";

	private final String poolName;

	/**
	 * Create an exception.
	 * @param poolName the pool whose connect failed
	 * @param refusal the driver's error on the failed connect
	 */
	public DatabaseRefusedException(String poolName, SQLException refusal) {
		super("Pool '" + poolName + "' could not open a connection: " + refusal.getMessage() + " (SQLState "
				+ refusal.getSQLState() + ")", connectionState(refusal.getSQLState()), refusal.getErrorCode(), refusal);
		this.poolName = poolName;
	}

	private static String connectionState(String state) {
		return (state != null && state.startsWith("08")) ? state : UNABLE_TO_CONNECT;
	}

	/**
	 * Return the pool whose connect failed.
	 * @return the pool name
	 */
	public String getPoolName() {
		return this.poolName;
	}

}
