package dev.connmgmt.credentials;

import java.time.Duration;
import java.time.Instant;

/**
 * What a {@link CredentialSource} can tell about its credentials, for health, the actuator
 * endpoint and metrics. Never holds a secret: a lease is identified by a short hash of its
 * id only.
 *
 * @param type the kind of source, such as {@code vault}
 * @param generation the generation of the current credentials
 * @param lastRotation when the current credentials were obtained, or {@code null} when they
 * never changed
 * @param nextRotation when the source next plans to renew or replace them, or {@code null}
 * @param expires when the current credentials stop working, or {@code null} when they do
 * not expire
 * @param lease a hash of the current lease's id, or {@code null} without a lease
 * @param problem why the latest attempt to renew or replace the credentials failed, or
 * {@code null} when it did not
 * @param atRisk whether the credentials expire soon and could not be replaced: the pool is
 * about to lose its database
 * @param failedAttempts how many attempts to renew or replace credentials failed so far
 * @since 0.1.0
 */
public record CredentialStatus(String type, long generation, Instant lastRotation, Instant nextRotation,
		Instant expires, String lease, String problem, boolean atRisk, long failedAttempts) {

	/**
	 * Return the status of credentials that never change.
	 * @param type the kind of source
	 * @param generation the generation
	 * @return the status
	 */
	public static CredentialStatus fixed(String type, long generation) {
		return new CredentialStatus(type, generation, null, null, null, null, null, false, 0);
	}

	/**
	 * Return how long the current credentials keep working.
	 * @param now the time now
	 * @return the time left, zero once expired, or {@code null} when they do not expire
	 */
	public Duration timeLeft(Instant now) {
		if (this.expires == null) {
			return null;
		}
		Duration left = Duration.between(now, this.expires);
		return left.isNegative() ? Duration.ZERO : left;
	}

	/**
	 * Return whether the credentials have expired.
	 * @param now the time now
	 * @return whether they expired
	 */
	public boolean expired(Instant now) {
		return this.expires != null && !now.isBefore(this.expires);
	}

}
