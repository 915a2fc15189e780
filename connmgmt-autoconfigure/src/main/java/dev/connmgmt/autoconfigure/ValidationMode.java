package dev.connmgmt.autoconfigure;

/**
 * What connmgmt does when a pool's time limits do not nest.
 *
 * @since 0.1.0
 */
public enum ValidationMode {

	/**
	 * Stop the application at startup, naming the properties and the fix.
	 */
	FAIL,

	/**
	 * Log the same description and fix as a warning, and start.
	 */
	WARN

}
