package dev.connmgmt.pool;

import java.sql.SQLException;

/**
 * Told when a pool fails to open a physical connection, retires connections or rotates
 * its credentials: the events metrics are counted from (connections opened and closed are
 * counted by {@link PhysicalConnectionFactory} itself). Called on the pool's connection-adder thread; keep it quick.
 *
 * @since 0.1.0
 */
public interface ConnectionEventListener {

	/**
	 * Opening a physical connection failed.
	 * @param pool the pool
	 * @param failure the driver's error
	 */
	default void connectFailed(String pool, SQLException failure) {
	}

	/**
	 * Connections were retired by connmgmt: marked so that they close now (idle) or when
	 * returned (in use).
	 * @param pool the pool
	 * @param reason why: {@code rotation}, {@code autoscale} or {@code cancelled}
	 * @param count how many
	 */
	default void retired(String pool, String reason, int count) {
	}

	/**
	 * The pool's credentials rotated.
	 * @param pool the pool
	 * @param outcome {@code success}, or {@code failure} when the new credentials could not
	 * be put to use
	 */
	default void rotated(String pool, String outcome) {
	}

}
