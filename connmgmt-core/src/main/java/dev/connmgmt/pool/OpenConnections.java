package dev.connmgmt.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.connmgmt.internal.events.PoolEvents;
import org.slf4j.event.Level;

/**
 * The physical connections a pool's factory opened and has not yet seen closed: the
 * credential generation of each, when it was handed to HikariCP, and which of them must
 * be checked or retired before they are handed out again. Closed connections are swept
 * out (and counted) whenever a connection is opened and whenever someone asks.
 */
final class OpenConnections {

	/**
	 * What must happen to a connection before it is handed out again.
	 */
	enum Check {

		/** Test it: another connection of the pool was lost while it was open. */
		VALIDATE,

		/** Evict it: it was opened with credentials that have been replaced. */
		RETIRE

	}

	private final String poolName;

	private final Map<Connection, Opened> open = new ConcurrentHashMap<>();

	private final Map<Connection, Check> checks = new ConcurrentHashMap<>();

	private volatile boolean checksPending;

	private final AtomicLong closed = new AtomicLong();

	OpenConnections(String poolName) {
		this.poolName = poolName;
	}

	void add(Connection connection, long generation) {
		this.open.put(connection, new Opened(generation, System.nanoTime()));
	}

	long generationOf(Connection connection) {
		Opened opened = this.open.get(connection);
		return (opened != null) ? opened.generation : -1;
	}

	int count(long generation) {
		sweep();
		int count = 0;
		for (Opened opened : this.open.values()) {
			if (opened.generation == generation) {
				count++;
			}
		}
		return count;
	}

	int countOlderThan(long generation) {
		sweep();
		int count = 0;
		for (Opened opened : this.open.values()) {
			if (opened.generation < generation) {
				count++;
			}
		}
		return count;
	}

	long closed() {
		sweep();
		return this.closed.get();
	}

	/**
	 * Return whether a connection of an older generation than the given one, handed to
	 * HikariCP since the given moment, is still open.
	 */
	boolean olderHandedOutSince(long generation, long sinceNanos) {
		sweep();
		for (Opened opened : this.open.values()) {
			if (opened.generation < generation && opened.handedOutNanos - sinceNanos >= 0) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Mark every open connection to be tested before it is handed out again.
	 */
	void suspectAll() {
		for (Connection connection : this.open.keySet()) {
			this.checks.putIfAbsent(connection, Check.VALIDATE);
		}
		this.checksPending = !this.checks.isEmpty();
	}

	/**
	 * Mark every open connection of an older generation to be evicted before it is
	 * handed out again.
	 */
	void retireOlderThan(long generation) {
		this.open.forEach((connection, opened) -> {
			if (opened.generation < generation) {
				this.checks.put(connection, Check.RETIRE);
			}
		});
		this.checksPending = !this.checks.isEmpty();
	}

	/**
	 * Return whether some connection must be checked before it is handed out. One volatile
	 * read: cheap enough for every borrow.
	 */
	boolean checksPending() {
		return this.checksPending;
	}

	/**
	 * Take the check a connection needs before it is handed out.
	 * @return the check, or {@code null} when it needs none
	 */
	Check takeCheck(Connection connection) {
		Check check = this.checks.remove(connection);
		if (this.checks.isEmpty()) {
			this.checksPending = false;
			if (!this.checks.isEmpty()) {
				this.checksPending = true;
			}
		}
		return check;
	}

	void sweep() {
		for (Connection connection : this.open.keySet()) {
			if (isClosed(connection)) {
				Opened opened = this.open.remove(connection);
				this.checks.remove(connection);
				if (opened != null) {
					this.closed.incrementAndGet();
					if (PoolEvents.isEnabled(Level.DEBUG)) {
						// HikariCP closed it: evicted as broken, past max-lifetime or idle-timeout, or retired
						PoolEvents.log(Level.DEBUG, "connection.closed", "pool", this.poolName, "generation",
								opened.generation);
					}
				}
			}
		}
	}

	private static boolean isClosed(Connection connection) {
		try {
			return connection.isClosed();
		}
		catch (SQLException ex) {
			return true;
		}
	}

	private record Opened(long generation, long handedOutNanos) {
	}

}
