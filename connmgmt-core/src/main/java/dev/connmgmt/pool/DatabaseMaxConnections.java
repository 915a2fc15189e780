package dev.connmgmt.pool;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most sessions the database accepts in all ({@code max_connections}), read once on
 * the first connection a pool opens anyway, so that no connection is opened only to ask.
 * Known for PostgreSQL; other databases are not asked. A server that refuses the question
 * is asked on at most {@value #ATTEMPTS} connections, then not again.
 */
final class DatabaseMaxConnections {

	static final int ATTEMPTS = 3;

	private final AtomicInteger failures = new AtomicInteger();

	private volatile OptionalInt known;

	/**
	 * Read the setting on a connection just opened for the pool, unless it is known.
	 * @param connection the connection, left as it was
	 */
	void learnFrom(Connection connection) {
		if (this.known != null) {
			return;
		}
		try {
			if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
				this.known = OptionalInt.empty();
				return;
			}
			try (Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("SHOW max_connections")) {
				this.known = result.next() ? OptionalInt.of(Integer.parseInt(result.getString(1)))
						: OptionalInt.empty();
			}
		}
		catch (SQLException | RuntimeException ex) {
			if (this.failures.incrementAndGet() >= ATTEMPTS) {
				this.known = OptionalInt.empty();
			}
		}
	}

	/**
	 * Return the setting, when a connection of the pool has told it.
	 * @return {@code max_connections}, or empty when not known (yet)
	 */
	OptionalInt get() {
		OptionalInt known = this.known;
		return (known != null) ? known : OptionalInt.empty();
	}

}
