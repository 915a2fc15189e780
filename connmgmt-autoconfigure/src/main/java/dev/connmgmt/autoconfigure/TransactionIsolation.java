package dev.connmgmt.autoconfigure;

/**
 * Transaction isolation levels of JDBC connections.
 *
 * @since 0.1.0
 */
public enum TransactionIsolation {

	/**
	 * Dirty reads, non-repeatable reads and phantom reads can occur.
	 */
	READ_UNCOMMITTED,

	/**
	 * Dirty reads are prevented.
	 */
	READ_COMMITTED,

	/**
	 * Dirty and non-repeatable reads are prevented.
	 */
	REPEATABLE_READ,

	/**
	 * Dirty, non-repeatable and phantom reads are prevented.
	 */
	SERIALIZABLE

}
