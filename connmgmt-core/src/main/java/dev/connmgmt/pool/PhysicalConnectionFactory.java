package dev.connmgmt.pool;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import javax.sql.DataSource;

import dev.connmgmt.credentials.ClientCertificate;
import dev.connmgmt.credentials.CredentialSource;
import dev.connmgmt.credentials.Credentials;
import dev.connmgmt.credentials.Secrets;
import dev.connmgmt.failure.SqlFailureCategory;
import dev.connmgmt.failure.SqlFailures;
import dev.connmgmt.internal.events.PoolEvents;
import dev.connmgmt.internal.pool.DriverTimeouts;
import dev.connmgmt.internal.tls.ClientCertificateSockets;
import org.slf4j.event.Level;

/**
 * The data source HikariCP opens each physical connection through. It asks the pool's
 * {@link CredentialSource} for credentials at the moment the connection is opened, so that
 * changed credentials apply to the next connection without rebuilding the pool; a client
 * certificate among them is handed to PgJDBC from memory for that connect only. It is not a
 * pool: only HikariCP calls it.
 *
 * @since 0.1.0
 */
public final class PhysicalConnectionFactory implements DataSource {

	private static final String LOGIN_TIMEOUT = "loginTimeout";

	private static final long REPLACEMENT_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final String CANNOT_CONNECT_NOW = "57P03";

	static final Duration FIRST_REFUSED_RETRY = Duration.ofMillis(100);

	static final Duration LONGEST_REFUSED_RETRY = Duration.ofMillis(500);

	private static final ClientCertificateSockets.Loan NO_LOAN = () -> {
	};

	private static final Refusals NO_REFUSALS = new Refusals() {
	};

	private final Object credentialsChanged = new Object();

	private final Object retryPause = new Object();

	private final String poolName;

	private final String driverClassName;

	private final Driver driver;

	private final String url;

	private final String redactedUrl;

	private final Properties driverProperties;

	private final CredentialSource credentialSource;

	private final LoginGuard loginGuard;

	private final SqlFailures failures;

	private volatile int loginTimeoutSeconds;

	private final OpenConnections connections;

	private final ReplacementConnections replacements = new ReplacementConnections();

	private final DatabaseMaxConnections maxConnections = new DatabaseMaxConnections();

	private volatile String connectionInitSql;

	private final AtomicLong opened = new AtomicLong();

	private volatile ConnectionEventListener listener = new ConnectionEventListener() {
	};

	private volatile Refusals refusals = NO_REFUSALS;

	private volatile boolean refused;

	private volatile boolean retriesStopped;

	/**
	 * Create a factory.
	 * @param poolName the pool's name, used in error messages
	 * @param driver the JDBC driver
	 * @param url the JDBC URL
	 * @param driverProperties driver properties passed on every connect
	 * @param credentialSource where credentials come from
	 * @param failures the classification that recognises refused credentials
	 */
	public PhysicalConnectionFactory(String poolName, Driver driver, String url, Map<String, String> driverProperties,
			CredentialSource credentialSource, SqlFailures failures) {
		this.poolName = poolName;
		this.driver = driver;
		this.driverClassName = driver.getClass().getName();
		this.url = url;
		this.redactedUrl = Secrets.redactUrl(url);
		this.driverProperties = new Properties();
		this.driverProperties.putAll(driverProperties);
		this.credentialSource = credentialSource;
		this.loginGuard = new LoginGuard(System::nanoTime);
		this.failures = failures;
		this.connections = new OpenConnections(poolName);
		credentialSource.track(this::openConnections);
		credentialSource.onChange(this::credentialsChanged);
	}

	/**
	 * Open a new physical connection with the current credentials, for HikariCP, or hand
	 * over one that a rotation opened with them ahead of retiring the old ones. A connect
	 * the database refuses with a connection error is reported to the pool's
	 * {@link Refusals} at once, and tried again on a short cadence (from
	 * {@link #FIRST_REFUSED_RETRY}, doubling up to {@link #LONGEST_REFUSED_RETRY}) for as
	 * long as the pool needs a connection: HikariCP's own backoff would grow to seconds
	 * between connects, which is how long a database that came back would go unused.
	 * @return the connection
	 * @throws PoolAuthenticationException when the database refuses the credentials, or
	 * refused the same credentials moments ago
	 * @throws SQLException on any other failure to connect
	 */
	@Override
	public Connection getConnection() throws SQLException {
		long pauseNanos = FIRST_REFUSED_RETRY.toNanos();
		while (true) {
			Connection connection;
			Refusals refusals = this.refusals;
			long attempt = refusals.connecting();
			try {
				connection = openNew();
			}
			catch (SQLException ex) {
				if (!isRefusal(ex)) {
					throw ex;
				}
				this.refused = true;
				refusals.refused(ex, attempt);
				if (!refusals.needConnection() || !pauseBeforeRetry(pauseNanos)) {
					throw ex;
				}
				pauseNanos = Math.min(LONGEST_REFUSED_RETRY.toNanos(), pauseNanos * 2);
				continue;
			}
			if (this.refused) {
				this.refused = false;
				this.refusals.accepted();
			}
			return connection;
		}
	}

	/**
	 * Return whether a failed connect says the database refuses connections: a transient
	 * failure (by the shared classification) whose SQLState is of class 08 (the server
	 * refused, closed or could not be reached) or 57P03 (it is starting up or shutting
	 * down). A backend terminated during its login (57P01, a DBA's kill) is not one: the
	 * next connect may well succeed, so callers keep waiting for it.
	 */
	private boolean isRefusal(SQLException ex) {
		if (this.failures.classify(ex) != SqlFailureCategory.TRANSIENT) {
			return false;
		}
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				String state = sql.getSQLState();
				return state.startsWith("08") || CANNOT_CONNECT_NOW.equals(state);
			}
		}
		return false;
	}

	private boolean pauseBeforeRetry(long nanos) {
		long deadline = System.nanoTime() + nanos;
		synchronized (this.retryPause) {
			long left = nanos;
			while (!this.retriesStopped && left > 0) {
				try {
					TimeUnit.NANOSECONDS.timedWait(this.retryPause, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
				left = deadline - System.nanoTime();
			}
		}
		return !this.retriesStopped;
	}

	/**
	 * Stop retrying refused connects, at once: the pool closes.
	 */
	void stopRetrying() {
		this.retriesStopped = true;
		synchronized (this.retryPause) {
			this.retryPause.notifyAll();
		}
	}

	/**
	 * Set who is told of refused connects and decides whether to retry them.
	 * @param refusals the pool's handling of refused connects
	 */
	void setRefusals(Refusals refusals) {
		this.refusals = refusals;
	}

	private Connection openNew() throws SQLException {
		this.connections.sweep();
		if (!this.replacements.isEmpty()) {
			Connection replacement = this.replacements.take(this.credentialSource.current().generation());
			if (replacement != null) {
				return replacement;
			}
		}
		Connection connection = open(this.credentialSource.current());
		Credentials now = this.credentialSource.current();
		if (now.generation() != this.connections.generationOf(connection)) {
			// the credentials changed while this connection was set up: never hand out an old one
			closeQuietly(connection);
			connection = open(now);
		}
		return connection;
	}

	/**
	 * Note that a connection of the pool was lost (the server ended its session, shut down
	 * or the network failed): every connection open now is tested before it is handed out
	 * again.
	 */
	public void connectionLost() {
		this.connections.suspectAll();
	}

	/**
	 * Run SQL on every new connection before HikariCP gets it, inside the login: a rotation
	 * that happens meanwhile then retires the connection like any other login in flight.
	 * @param sql the statement, or {@code null} for none
	 */
	void setConnectionInitSql(String sql) {
		this.connectionInitSql = sql;
	}

	/**
	 * Return whether some connection must be checked before it is handed out. One volatile
	 * read: cheap enough for every borrow.
	 * @return whether checks are pending
	 */
	boolean checksPending() {
		return this.connections.checksPending();
	}

	/**
	 * Take the check a physical connection needs before it is handed out.
	 * @param connection the physical connection
	 * @return the check, or {@code null} for none
	 */
	OpenConnections.Check takeCheck(Connection connection) {
		return this.connections.takeCheck(connection);
	}

	/**
	 * Mark connections opened with credentials older than the given generation, so that
	 * each is evicted before it is handed out again.
	 * @param generation the current generation
	 */
	void retireOlderThan(long generation) {
		this.connections.retireOlderThan(generation);
	}

	/**
	 * Open a physical connection with the current credentials for a rotation to hand to
	 * HikariCP later, through {@link #offerReplacement}, in place of a login.
	 * @return the connection
	 * @throws SQLException when the login fails
	 */
	Connection openReplacement() throws SQLException {
		return open(this.credentialSource.current());
	}

	/**
	 * Return the credential generation a physical connection was opened with.
	 * @param connection the physical connection
	 * @return its generation, or -1 when it is closed or not this factory's
	 */
	long generationOf(Connection connection) {
		return this.connections.generationOf(connection);
	}

	/**
	 * Keep a connection from {@link #openReplacement()} for HikariCP's next request.
	 * @param connection the connection
	 */
	void offerReplacement(Connection connection) {
		this.replacements.add(connection, this.connections.generationOf(connection));
	}

	/**
	 * Close the connections from {@link #openReplacement()} HikariCP has not taken.
	 * @return how many were closed
	 */
	int closeReplacements() {
		return this.replacements.closeAll();
	}

	/**
	 * Return whether some connection from {@link #openReplacement()} waits for HikariCP.
	 * @return whether a replacement is ready
	 */
	boolean replacementsReady() {
		return !this.replacements.isEmpty();
	}

	/**
	 * Return how many connections from {@link #openReplacement()} HikariCP took, ever.
	 * @return the replacements taken
	 */
	int replacementsTaken() {
		return this.replacements.taken();
	}

	/**
	 * Run something once, on HikariCP's thread, when it takes the last replacement ready.
	 * @param action what to run, or {@code null} for nothing
	 */
	void whenReplacementsTaken(Runnable action) {
		this.replacements.whenTaken(action);
	}

	/**
	 * Return how many physical connections opened with credentials older than the given
	 * generation are still open.
	 * @param generation the current generation
	 * @return the open connections
	 */
	int openOlderThan(long generation) {
		return this.connections.countOlderThan(generation);
	}

	/**
	 * Return whether a connection of an older generation than the given one, handed to
	 * HikariCP since the given moment, is still open: HikariCP may still have been setting
	 * it up when the pool was swept.
	 * @param generation the current generation
	 * @param sinceNanos the moment, on the {@link System#nanoTime()} clock
	 * @return whether such a connection is open
	 */
	boolean olderHandedOutSince(long generation, long sinceNanos) {
		return this.connections.olderHandedOutSince(generation, sinceNanos);
	}

	/**
	 * Return how many physical connections opened with credentials of the given generation
	 * are still open. Off the hot path: credential sources ask while retired credentials
	 * drain.
	 * @param generation the credentials' generation
	 * @return the open connections
	 */
	int openConnections(long generation) {
		return this.connections.count(generation);
	}

	/**
	 * Return how many physical connections this factory opened have been closed since, for
	 * any reason: HikariCP's own evictions (broken, past max-lifetime or idle-timeout) and
	 * connmgmt's retirements alike.
	 * @return the closed connections
	 */
	public long closedConnections() {
		return this.connections.closed();
	}

	/**
	 * Return how many physical connections this factory has opened.
	 * @return the connections opened
	 */
	public long openedConnections() {
		return this.opened.get();
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// the connection is discarded anyway
		}
	}

	/**
	 * Return the database's {@code max_connections}, read on the first connection this
	 * factory opened for the pool, so that knowing it costs no login of its own.
	 * @return the setting, or empty when no connection has told it or the database is not
	 * PostgreSQL
	 */
	public OptionalInt databaseMaxConnections() {
		return this.maxConnections.get();
	}

	/**
	 * Open a connection outside the pool, for a health probe or a diagnostic query: it
	 * logs in with the current credentials and the pool's login timeout, but it is not
	 * one of the pool's connections, so it is neither counted nor tracked by generation.
	 * The caller closes it at once.
	 * @return the connection
	 * @throws SQLException when the login fails
	 */
	public Connection openProbe() throws SQLException {
		return connect(this.credentialSource.current());
	}

	private Connection open(Credentials credentials) throws SQLException {
		long started = System.nanoTime();
		Connection connection = connect(credentials);
		initialize(connection);
		this.maxConnections.learnFrom(connection);
		this.opened.incrementAndGet();
		this.connections.add(connection, credentials.generation());
		long took = System.nanoTime() - started;
		if (PoolEvents.isEnabled(Level.DEBUG)) {
			PoolEvents.log(Level.DEBUG, "connection.created", "pool", this.poolName, "generation",
					credentials.generation(), "duration", Duration.ofNanos(took));
		}
		return connection;
	}

	private Connection connect(Credentials credentials) throws SQLException {
		this.loginGuard.checkLoginAllowed(credentials);
		Properties properties = new Properties();
		properties.putAll(this.driverProperties);
		int loginTimeout = this.loginTimeoutSeconds;
		if (loginTimeout > 0 && !properties.containsKey(LOGIN_TIMEOUT)
				&& DriverTimeouts.POSTGRESQL.equals(this.driverClassName)) {
			// HikariCP's login timeout (its connection timeout): a login to a black-holed server ends
			properties.setProperty(LOGIN_TIMEOUT, Integer.toString(loginTimeout));
		}
		if (credentials.username() != null) {
			properties.setProperty("user", credentials.username());
		}
		if (credentials.password() != null) {
			properties.setProperty("password", credentials.password());
		}
		Connection connection;
		long started = System.nanoTime();
		ClientCertificate certificate = credentials.clientCertificate();
		try (ClientCertificateSockets.Loan loan = (certificate != null)
				? ClientCertificateSockets.lend(certificate, properties) : NO_LOAN) {
			connection = this.driver.connect(this.url, properties);
		}
		catch (SQLException ex) {
			this.listener.connectFailed(this.poolName, ex);
			PoolEvents.log(Level.WARN, "connection.failed", "pool", this.poolName, "generation",
					credentials.generation(), "sqlstate", ex.getSQLState(), "category", this.failures.classify(ex),
					"duration", Duration.ofNanos(System.nanoTime() - started));
			throw loginFailed(credentials, ex);
		}
		if (connection == null) {
			throw new SQLException("Pool '" + this.poolName + "': driver " + this.driver.getClass().getName()
					+ " does not accept URL " + this.redactedUrl, "08001");
		}
		this.loginGuard.succeeded();
		return connection;
	}

	private void initialize(Connection connection) throws SQLException {
		String sql = this.connectionInitSql;
		if (sql == null) {
			return;
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw ex;
		}
	}

	private SQLException loginFailed(Credentials credentials, SQLException ex) {
		if (this.failures.classify(ex) != SqlFailureCategory.AUTHENTICATION) {
			return ex;
		}
		PoolAuthenticationException failure = new PoolAuthenticationException(this.poolName, credentials.username(),
				this.redactedUrl, Secrets.scrub(ex.getMessage(), credentials.password()), ex.getSQLState(), ex);
		this.loginGuard.failed(credentials, failure);
		this.credentialSource.rejected(credentials, ex);
		return failure;
	}

	/**
	 * Return whether the pool's latest login was refused. One volatile read: cheap enough
	 * for every borrow.
	 * @return whether a refused login is remembered
	 */
	boolean loginRefused() {
		return this.loginGuard.failure() != null;
	}

	/**
	 * Fail at once while the pool's latest login was refused and no open connection can
	 * serve the caller, retrying the login with one caller once the backoff has passed, so
	 * that callers get the authentication error instead of waiting for the connection
	 * timeout. New credentials end the backoff at once.
	 * @param servable whether the pool has open connections that can serve the caller
	 * @param deadlineNanos how long a caller may wait for credentials being replaced, on
	 * the {@link System#nanoTime()} clock
	 * @throws PoolAuthenticationException while the credentials are still refused
	 */
	void checkNotRefused(boolean servable, long deadlineNanos) throws SQLException {
		LoginGuard.Failure failure = this.loginGuard.failure();
		if (failure == null) {
			return;
		}
		if (failure.generation() != this.credentialSource.current().generation()) {
			this.loginGuard.forget(failure);
			return;
		}
		if (servable) {
			return;
		}
		if (awaitReplacement(failure.generation(), deadlineNanos)) {
			this.loginGuard.forget(failure);
			return;
		}
		if (!this.loginGuard.backoffPassed(failure) || !this.loginGuard.startProbe()) {
			throw failure.exception().again();
		}
		try {
			openNew().close();
		}
		finally {
			this.loginGuard.endProbe();
		}
	}

	/**
	 * Wait while the credential source replaces the refused generation, at most until the
	 * deadline, and return whether new credentials arrived.
	 */
	private boolean awaitReplacement(long refused, long deadlineNanos) {
		synchronized (this.credentialsChanged) {
			while (this.credentialSource.current().generation() == refused && this.credentialSource.replacing(refused)) {
				long left = deadlineNanos - System.nanoTime();
				if (left <= 0) {
					break;
				}
				try {
					// woken by the change; the bound re-reads how long the source keeps replacing
					TimeUnit.NANOSECONDS.timedWait(this.credentialsChanged, Math.min(left, REPLACEMENT_RECHECK_NANOS));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
		return this.credentialSource.current().generation() != refused;
	}

	private void credentialsChanged() {
		synchronized (this.credentialsChanged) {
			this.credentialsChanged.notifyAll();
		}
	}

	/**
	 * Return who is told about connection events.
	 * @return the listener
	 */
	public ConnectionEventListener getListener() {
		return this.listener;
	}

	/**
	 * Set who is told about each physical connection opened or refused.
	 * @param listener the listener
	 */
	public void setListener(ConnectionEventListener listener) {
		this.listener = listener;
	}

	/**
	 * Return the pool's name.
	 * @return the pool name
	 */
	public String getPoolName() {
		return this.poolName;
	}

	/**
	 * Return the source of this pool's credentials.
	 * @return the credential source
	 */
	public CredentialSource getCredentialSource() {
		return this.credentialSource;
	}

	/**
	 * Return the JDBC URL with secrets masked.
	 * @return the redacted URL
	 */
	public String getRedactedUrl() {
		return this.redactedUrl;
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLFeatureNotSupportedException(
				"Pool '" + this.poolName + "' takes its credentials from its credential source");
	}

	@Override
	public PrintWriter getLogWriter() {
		return null;
	}

	@Override
	public void setLogWriter(PrintWriter out) {
	}

	@Override
	public void setLoginTimeout(int seconds) {
		this.loginTimeoutSeconds = seconds;
	}

	@Override
	public int getLoginTimeout() {
		return this.loginTimeoutSeconds;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException();
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		throw new SQLException("Pool '" + this.poolName + "': connection factory does not wrap " + iface.getName());
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) {
		return iface.isInstance(this);
	}

	@Override
	public String toString() {
		return "PhysicalConnectionFactory[pool=" + this.poolName + ", url=" + this.redactedUrl + ", credentials="
				+ this.credentialSource.type() + "]";
	}

	/**
	 * What a pool does when its connects are refused with a connection error. Called on
	 * HikariCP's connection-adder thread.
	 */
	interface Refusals {

		/**
		 * A connect begins.
		 * @return its number, handed back to {@link #refused(SQLException, long)}
		 */
		default long connecting() {
			return 0;
		}

		/**
		 * A connect failed with a connection error.
		 * @param refusal the driver's error
		 * @param attempt the connect's number, from {@link #connecting()}
		 */
		default void refused(SQLException refusal, long attempt) {
		}

		/**
		 * A connect succeeded after refused ones: the database accepts connections again.
		 */
		default void accepted() {
		}

		/**
		 * Return whether the pool still needs a connection, so that a refused connect is
		 * tried again soon.
		 * @return whether to retry
		 */
		default boolean needConnection() {
			return false;
		}

	}

}
