package dev.connmgmt.internal.security;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Whether a connection's session is encrypted, as the PostgreSQL server sees it
 * ({@code pg_stat_ssl}), with the protocol version and cipher. Asked once per pool after it
 * starts, never on a borrow.
 *
 * @since 0.1.0
 */
public final class TlsAudit {

	private static final String SESSION = "SELECT ssl, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()";

	private TlsAudit() {
	}

	/**
	 * Ask the server about the given connection's session.
	 * @param connection an open connection of the pool
	 * @return the session's TLS, {@link TlsReport#audited() not audited} for a database
	 * other than PostgreSQL
	 * @throws SQLException when the server cannot be asked
	 */
	public static TlsReport audit(Connection connection) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		if (!"PostgreSQL".equalsIgnoreCase(metaData.getDatabaseProductName())) {
			return TlsReport.notAudited("only PostgreSQL sessions are checked, not " + metaData.getDatabaseProductName());
		}
		try (PreparedStatement statement = connection.prepareStatement(SESSION);
				ResultSet result = statement.executeQuery()) {
			if (!result.next()) {
				return TlsReport.notAudited("pg_stat_ssl has no row for this session");
			}
			boolean encrypted = result.getBoolean(1);
			return TlsReport.audited(encrypted, encrypted ? result.getString(2) : null,
					encrypted ? result.getString(3) : null);
		}
	}

}
