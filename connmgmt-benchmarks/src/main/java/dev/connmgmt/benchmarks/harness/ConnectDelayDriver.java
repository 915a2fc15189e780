package dev.connmgmt.benchmarks.harness;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The PostgreSQL driver behind a slow network path to the database for new connections
 * only: every connect waits {@link #DELAY_MILLIS} ms before it starts, then logs in as
 * usual; queries on open connections are not delayed. URLs are
 * {@code jdbc:delayed:postgresql://...}. Counts the connections it opened, whichever pool
 * asked.
 * <p>
 * A delay in the driver rather than in {@code TcpProxy#delay}, because the proxy delays
 * every chunk of data in both directions: each of the round trips of a SCRAM login would
 * pay it, and so would every query, which is a slow network, not a slow connect.
 */
public final class ConnectDelayDriver implements Driver {

	/**
	 * The prefix of the URLs this driver accepts.
	 */
	public static final String PREFIX = "jdbc:delayed:";

	/**
	 * How long each connect waits before it starts.
	 */
	public static final long DELAY_MILLIS = 150;

	private static final AtomicInteger opened = new AtomicInteger();

	private final Driver postgres = new org.postgresql.Driver();

	/**
	 * Return how many connections this driver has opened in this JVM.
	 * @return the count
	 */
	static int opened() {
		return opened.get();
	}

	@Override
	public Connection connect(String url, Properties info) throws SQLException {
		if (!acceptsURL(url)) {
			return null;
		}
		try {
			TimeUnit.MILLISECONDS.sleep(DELAY_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLException("Interrupted while connecting", "08001", ex);
		}
		Connection connection = this.postgres.connect("jdbc:" + url.substring(PREFIX.length()), info);
		opened.incrementAndGet();
		return connection;
	}

	@Override
	public boolean acceptsURL(String url) {
		return url != null && url.startsWith(PREFIX);
	}

	@Override
	public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
		return this.postgres.getPropertyInfo("jdbc:" + url.substring(PREFIX.length()), info);
	}

	@Override
	public int getMajorVersion() {
		return this.postgres.getMajorVersion();
	}

	@Override
	public int getMinorVersion() {
		return this.postgres.getMinorVersion();
	}

	@Override
	public boolean jdbcCompliant() {
		return false;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException();
	}

}
