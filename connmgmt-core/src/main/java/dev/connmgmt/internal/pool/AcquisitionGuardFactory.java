package dev.connmgmt.internal.pool;

/**
 * Creates the circuit breaker guarding a pool's connection acquisition.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AcquisitionGuardFactory {

	/**
	 * Create the guard of a pool.
	 * @param poolName the pool
	 * @param breakerName the name of its circuit breaker
	 * @return the guard
	 */
	AcquisitionGuard create(String poolName, String breakerName);

}
