package dev.connmgmt.internal.health;

import java.util.Collections;
import java.util.Map;

/**
 * The health of one pool at one moment: its status and the details that explain it, in
 * the order they should be shown.
 *
 * @param status the status
 * @param details the details, by name
 */
public record PoolHealth(Status status, Map<String, Object> details) {

	public PoolHealth {
		details = Collections.unmodifiableMap(details);
	}

	/**
	 * The status of a pool, as Spring Boot's health statuses of the same names.
	 */
	public enum Status {

		/**
		 * The pool can serve, possibly degraded (then its details say so).
		 */
		UP,

		/**
		 * The pool's database cannot be reached or its credentials are about to fail.
		 */
		DOWN,

		/**
		 * The pool is draining for shutdown.
		 */
		OUT_OF_SERVICE

	}

}
