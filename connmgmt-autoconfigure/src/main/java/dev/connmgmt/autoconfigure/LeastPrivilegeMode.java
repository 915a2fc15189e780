package dev.connmgmt.autoconfigure;

/**
 * What connmgmt does when a pool's login role may do more than read and write data
 * (superuser, role or database creation, replication, bypassing row-level security, table
 * ownership, or DDL rights).
 *
 * @since 0.1.0
 */
public enum LeastPrivilegeMode {

	/**
	 * Do not audit the role.
	 */
	OFF,

	/**
	 * Log the findings once as a warning and show them in {@code /actuator/connections}.
	 */
	WARN,

	/**
	 * Stop the application at startup, naming every finding and the fix.
	 */
	FAIL

}
