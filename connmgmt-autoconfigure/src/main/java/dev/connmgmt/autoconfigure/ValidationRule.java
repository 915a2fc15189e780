package dev.connmgmt.autoconfigure;

/**
 * A check between settings that are each valid alone but that, together, let one limit act
 * before the one meant to act first. A rule can be accepted by name under
 * {@code connmgmt.validation.accept}, which turns its refusal into a warning without
 * silencing any other check.
 *
 * @since 0.1.0
 */
public enum ValidationRule {

	/**
	 * {@code timeouts.connect} is shorter than {@code timeouts.socket}: a slow login fails as
	 * a connect timeout, not as a cut socket.
	 */
	CONNECT_WITHIN_SOCKET,

	/**
	 * {@code timeouts.query} is shorter than {@code timeouts.socket}: the database cancels a
	 * long statement before the driver drops its connection.
	 */
	QUERY_WITHIN_SOCKET,

	/**
	 * {@code connection-timeout} is shorter than {@code timeouts.request}: a caller cannot
	 * wait for a connection longer than its whole request may take.
	 */
	WAIT_WITHIN_REQUEST,

	/**
	 * {@code connection-timeout} is shorter than {@code leak-detection-threshold}: a
	 * connection is not reported as leaked before a caller gives up waiting for one.
	 */
	WAIT_WITHIN_LEAK_DETECTION,

	/**
	 * Every retry of idempotent work fits in {@code timeouts.request}.
	 */
	RETRIES_WITHIN_REQUEST,

	/**
	 * After a Vault lease is rotated, work that started on its connections has until the
	 * lease ends to finish: {@code timeouts.request} fits between the rotation point
	 * ({@code credentials.vault.rotate-at}) and the end of the lease.
	 */
	DRAIN_WITHIN_LEASE;

	/**
	 * Return the name a user writes for this rule, such as {@code query-within-socket}.
	 * @return the rule's name
	 */
	public String propertyValue() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
