package dev.connmgmt.credentials;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Where a pool gets the credentials for each physical connection it opens. The pool's
 * connection factory calls {@link #current()} at the moment a connection is opened, so a
 * source that changes its credentials (a rotated Vault lease, a re-read secret file) is
 * picked up by the next connection without touching the pool.
 * <p>
 * Implementations must be thread-safe and must answer {@link #current()} from memory: it is
 * called on the pool's connection-adder thread.
 *
 * @since 0.1.0
 */
public interface CredentialSource {

	/**
	 * Return the credentials to open a physical connection with now.
	 * @return the current credentials, never {@code null}
	 */
	Credentials current();

	/**
	 * Return a short name of the kind of source, shown in diagnostics, such as
	 * {@code static}.
	 * @return the source type
	 */
	String type();

	/**
	 * Called when the database refused to log in with the given credentials, so that a
	 * source able to obtain new ones can do so. The default does nothing.
	 * @param rejected the credentials the database refused
	 * @param failure the driver's error
	 */
	default void rejected(Credentials rejected, SQLException failure) {
	}

	/**
	 * Return whether new credentials are being obtained right now, because the database
	 * refused the given generation. A pool with no open connection to serve a caller then
	 * waits for them, up to its connection timeout, instead of failing the caller at once.
	 * The default: never.
	 * @param refusedGeneration the generation the database refused
	 * @return whether a replacement is under way
	 */
	default boolean replacing(long refusedGeneration) {
		return false;
	}

	/**
	 * Obtain new credentials now, ahead of schedule, when the source can. The default can
	 * not: fixed credentials have nothing to rotate.
	 * @return whether new credentials were obtained
	 */
	default boolean refresh() {
		return false;
	}

	/**
	 * Register a callback run after the credentials changed (a new generation is current).
	 * The default does nothing: fixed credentials never change.
	 * @param listener the callback
	 */
	default void onChange(Runnable listener) {
	}

	/**
	 * Return what the source can tell about its credentials: their generation and, for a
	 * source that leases or rotates them, when they expire and when they change next.
	 * @return the status
	 */
	default CredentialStatus status() {
		return CredentialStatus.fixed(type(), current().generation());
	}

	/**
	 * Return how long the credentials of the given generation, current or replaced
	 * moments ago, keep working, when the source knows: a rotation retires their
	 * connections well before. The default: the source does not know.
	 * @param generation the credentials' generation
	 * @return the time left, zero or negative once expired, or {@code null} when unknown
	 * or unlimited
	 * @since 0.1.0
	 */
	default Duration timeLeft(long generation) {
		return null;
	}

	/**
	 * Give the source a way to count the pool's open connections by credential generation.
	 * The pool's connection factory calls this once. The default ignores it.
	 * @param census the census of the pool's connections
	 */
	default void track(ConnectionCensus census) {
	}

}
