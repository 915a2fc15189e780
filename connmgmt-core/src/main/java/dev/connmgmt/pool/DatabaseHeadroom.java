package dev.connmgmt.pool;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How many more sessions the database accepts from the pool's role: what a rotation may
 * open on top of the pool's connections before it retires the old ones. Known for
 * PostgreSQL, from {@code max_connections} less the reserved slots and the client
 * sessions open now, and from the role's connection limit; other databases are not asked.
 */
final class DatabaseHeadroom {

	/**
	 * The headroom of a database that is not asked.
	 */
	static final int UNKNOWN = Integer.MAX_VALUE;

	private static final String POSTGRESQL_HEADROOM = """
			SELECT current_setting('max_connections')::int
				- current_setting('superuser_reserved_connections')::int
				- coalesce(current_setting('reserved_connections', true)::int, 0)
				- (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int,
				(SELECT r.rolconnlimit - (SELECT count(*) FROM pg_stat_activity a WHERE a.usename = r.rolname)::int
					FROM pg_roles r WHERE r.rolname = current_user AND r.rolconnlimit >= 0)""";

	private DatabaseHeadroom() {
	}

	/**
	 * Return how many more sessions the database accepts from the role of the given
	 * connection, or {@link #UNKNOWN}; zero when PostgreSQL cannot tell.
	 * @param connection a connection of the pool's role
	 * @return the headroom
	 */
	static int of(Connection connection) {
		try {
			if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
				return UNKNOWN;
			}
			try (Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery(POSTGRESQL_HEADROOM)) {
				result.next();
				int server = result.getInt(1);
				int role = result.getInt(2);
				if (result.wasNull()) {
					role = UNKNOWN;
				}
				return Math.max(0, Math.min(server, role));
			}
		}
		catch (SQLException ex) {
			return 0;
		}
	}

}
