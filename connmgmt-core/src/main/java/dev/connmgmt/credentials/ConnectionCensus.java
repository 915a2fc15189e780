package dev.connmgmt.credentials;

/**
 * Counts a pool's open physical connections by the generation of the credentials they were
 * opened with, so that a source can tell when the last connection of retired credentials
 * has closed (and, for Vault, revoke their lease only then).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ConnectionCensus {

	/**
	 * Return how many physical connections opened with credentials of the given generation
	 * are still open.
	 * @param generation the credentials' generation
	 * @return the open connections
	 */
	int openConnections(long generation);

}
