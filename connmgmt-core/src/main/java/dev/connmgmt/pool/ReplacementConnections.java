package dev.connmgmt.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Physical connections a rotation opened with the new credentials before it retired the
 * old ones. HikariCP takes one, instead of logging in, each time it replaces a retired
 * connection; those it does not take are closed by the rotation.
 */
final class ReplacementConnections {

	private final Queue<Replacement> ready = new ConcurrentLinkedQueue<>();

	private final AtomicInteger taken = new AtomicInteger();

	private final AtomicReference<Runnable> whenTaken = new AtomicReference<>();

	void add(Connection connection, long generation) {
		this.ready.add(new Replacement(connection, generation));
	}

	boolean isEmpty() {
		return this.ready.isEmpty();
	}

	/**
	 * Return how many replacements were taken, ever.
	 */
	int taken() {
		return this.taken.get();
	}

	/**
	 * Run something once, on the taking thread, when a take leaves none ready.
	 * @param action what to run, or {@code null} for nothing
	 */
	void whenTaken(Runnable action) {
		this.whenTaken.set(action);
	}

	/**
	 * Take an open connection of the given generation, closing any of another generation
	 * or closed meanwhile.
	 * @return the connection, or {@code null} when none is ready
	 */
	Connection take(long generation) {
		Replacement replacement;
		while ((replacement = this.ready.poll()) != null) {
			if (replacement.generation() == generation && !isClosed(replacement.connection())) {
				this.taken.incrementAndGet();
				if (this.ready.isEmpty()) {
					Runnable action = this.whenTaken.getAndSet(null);
					if (action != null) {
						action.run();
					}
				}
				return replacement.connection();
			}
			closeQuietly(replacement.connection());
		}
		return null;
	}

	/**
	 * Close every connection no one took.
	 * @return how many were closed
	 */
	int closeAll() {
		int closed = 0;
		Replacement replacement;
		while ((replacement = this.ready.poll()) != null) {
			closeQuietly(replacement.connection());
			closed++;
		}
		return closed;
	}

	private static boolean isClosed(Connection connection) {
		try {
			return connection.isClosed();
		}
		catch (SQLException ex) {
			return true;
		}
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// it is discarded anyway
		}
	}

	private record Replacement(Connection connection, long generation) {
	}

}
