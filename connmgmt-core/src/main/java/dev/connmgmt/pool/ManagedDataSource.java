package dev.connmgmt.pool;

import java.io.Closeable;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.connmgmt.credentials.CredentialSource;
import dev.connmgmt.internal.events.PoolEvents;
import dev.connmgmt.internal.pool.AcquisitionGuard;
import dev.connmgmt.internal.pool.AcquisitionObserver;
import dev.connmgmt.internal.pool.PoolSaturation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The {@link DataSource} of one named connmgmt pool: a HikariCP pool whose physical
 * connections are opened by a {@link PhysicalConnectionFactory}.
 * <p>
 * The HikariCP pool is created unstarted; it starts on {@link #start()} (eager pools, at
 * application startup) or on the first {@link #getConnection()} (lazy pools). HikariCP
 * starts it exactly once however many threads race for the first connection.
 * {@link #unwrap(Class)} reaches the {@link HikariDataSource}, so Spring Boot's Hikari
 * metrics and pool metadata see it.
 *
 * @since 0.1.0
 */
public final class ManagedDataSource implements DataSource, Closeable {

	private static final Logger logger = LoggerFactory.getLogger(ManagedDataSource.class);

	private final String name;

	private final HikariDataSource pool;

	private final PhysicalConnectionFactory connectionFactory;

	private final boolean lazy;

	private final AcquisitionGuard guard;

	private final boolean timeQuietAcquisitions;

	private final PoolSaturation saturation;

	private volatile boolean draining;

	private volatile AcquisitionTimer timer;

	private volatile boolean suspended;

	private final AcquisitionObserver observer;

	private final PendingBorrows pending = new PendingBorrows();

	private final PoolSizeLoan sizeLoan;

	/**
	 * Whether the guard reads the fast successes of quiet acquisitions from
	 * {@link #pending} instead of being told of each.
	 */
	private final boolean guardCountsSuccesses;

	/**
	 * Create the data source of a pool, with no acquisition observer. The given
	 * configuration is copied; the pool is not started.
	 * @param name the pool name
	 * @param config the HikariCP configuration, without a data source of its own
	 * @param connectionFactory the factory of physical connections
	 * @param lazy whether the pool waits for its first use to start
	 * @param guard the circuit breaker on acquisition, or {@code null} for none
	 */
	public ManagedDataSource(String name, HikariConfig config, PhysicalConnectionFactory connectionFactory,
			boolean lazy, AcquisitionGuard guard) {
		this(name, config, connectionFactory, lazy, guard, null);
	}

	/**
	 * Create the data source of a pool. The given configuration is copied; the pool is not
	 * started. The hooks on acquisition from outside the pool (the guard and the observer)
	 * are given here and nowhere else, so they are fixed for the pool's life.
	 * @param name the pool name
	 * @param config the HikariCP configuration, without a data source of its own
	 * @param connectionFactory the factory of physical connections
	 * @param lazy whether the pool waits for its first use to start
	 * @param guard the circuit breaker on acquisition, or {@code null} for none
	 * @param observer what observes acquisitions (tracing), or {@code null} for none
	 */
	public ManagedDataSource(String name, HikariConfig config, PhysicalConnectionFactory connectionFactory,
			boolean lazy, AcquisitionGuard guard, AcquisitionObserver observer) {
		this.name = name;
		this.connectionFactory = connectionFactory;
		this.lazy = lazy;
		this.guard = guard;
		this.observer = observer;
		this.pool = new HikariDataSource();
		config.copyStateTo(this.pool);
		this.pool.setPoolName(name);
		connectionFactory.setConnectionInitSql(this.pool.getConnectionInitSql());
		this.pool.setConnectionInitSql(null);
		this.pool.setDataSource(connectionFactory);
		this.timeQuietAcquisitions = guard != null && guard.slowAcquisitionNanos() <= TimeUnit.MILLISECONDS
			.toNanos(config.getConnectionTimeout() + config.getValidationTimeout());
		this.guardCountsSuccesses = guard != null && guard.countQuietSuccessesFrom(this.pending::successes);
		this.saturation = new PoolSaturation(name);
		connectionFactory.setRefusals(new Refusals());
		this.sizeLoan = new PoolSizeLoan(this.pool.getHikariConfigMXBean());
		CredentialRetirement retirement = new CredentialRetirement(name, this.pool, connectionFactory, this.sizeLoan);
		connectionFactory.getCredentialSource().onChange(retirement::credentialsChanged);
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (this.draining) {
			throw new PoolDrainingException(this.name);
		}
		if (this.connectionFactory.loginRefused()) {
			this.connectionFactory.checkNotRefused(hasOpenConnections(),
					System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.pool.getConnectionTimeout()));
		}
		AcquisitionGuard guard = this.guard;
		AcquisitionObserver observer = this.observer;
		if (observer != null) {
			AcquisitionObserver.Acquisition acquisition = observer.begin(this.name);
			if (acquisition != null) {
				return getObserved(acquisition, guard);
			}
		}
		AcquisitionTimer timer = this.timer;
		if (timer != null) {
			long started = System.nanoTime();
			Connection connection = (guard == null || guard.isQuiet()) ? getQuietly(guard) : getGuardedConnection(guard);
			timer.record(System.nanoTime() - started);
			return connection;
		}
		if (guard == null || guard.isQuiet()) {
			return getQuietly(guard);
		}
		return getGuardedConnection(guard);
	}

	private boolean hasOpenConnections() {
		return this.pool.isRunning() && this.pool.getHikariPoolMXBean().getTotalConnections() > 0;
	}

	private Connection getObserved(AcquisitionObserver.Acquisition acquisition, AcquisitionGuard guard)
			throws SQLException {
		long started = System.nanoTime();
		try {
			Connection connection = (guard == null || guard.isQuiet()) ? getQuietly(guard) : getGuardedConnection(guard);
			long waited = System.nanoTime() - started;
			acquisition.acquired(waited);
			AcquisitionTimer timer = this.timer;
			if (timer != null) {
				timer.record(waited);
			}
			return connection;
		}
		catch (SQLException | RuntimeException ex) {
			acquisition.failed(System.nanoTime() - started, ex);
			throw ex;
		}
	}

	private Connection getQuietly(AcquisitionGuard guard) throws SQLException {
		long started = this.timeQuietAcquisitions ? System.nanoTime() : 0;
		boolean counted = this.guardCountsSuccesses && !this.timeQuietAcquisitions;
		Connection connection;
		try {
			connection = borrow(counted);
		}
		catch (SQLException ex) {
			SQLException translated = PoolFailures.translate(ex);
			if (acquisitionFailed(ex, translated) && guard != null) {
				guard.failed(this.timeQuietAcquisitions ? System.nanoTime() - started : 0, translated);
			}
			throw translated;
		}
		if (guard != null && !counted) {
			guard.succeededQuietly(this.timeQuietAcquisitions ? System.nanoTime() - started : 0);
		}
		return connection;
	}

	private Connection getGuardedConnection(AcquisitionGuard guard) throws SQLException {
		if (!guard.tryAcquire()) {
			throw guard.rejection();
		}
		long started = System.nanoTime();
		try {
			Connection connection = borrow(false);
			guard.succeeded(System.nanoTime() - started);
			return connection;
		}
		catch (SQLException ex) {
			SQLException translated = PoolFailures.translate(ex);
			if (acquisitionFailed(ex, translated)) {
				guard.failed(System.nanoTime() - started, translated);
			}
			else {
				guard.released();
			}
			throw translated;
		}
		catch (RuntimeException | Error ex) {
			guard.failed(System.nanoTime() - started, ex);
			throw ex;
		}
	}

	/**
	 * Borrow a connection from HikariCP, as a {@link PendingBorrows pending borrow} that a
	 * refused connect wakes: its caller gets the refusal instead of waiting out the
	 * connection timeout.
	 * @param countSuccess whether a success is counted for the guard, which reads the
	 * count from {@link PendingBorrows#successes()}
	 */
	private Connection borrow(boolean countSuccess) throws SQLException {
		PendingBorrows.Borrow borrow = this.pending.begin();
		Connection connection;
		try {
			connection = this.pool.getConnection();
			if (this.connectionFactory.checksPending()) {
				connection = checked(connection);
			}
		}
		catch (SQLException ex) {
			SQLException refusal = borrow.end(false);
			throw (refusal != null) ? new DatabaseRefusedException(this.name, refusal) : ex;
		}
		catch (RuntimeException | Error ex) {
			borrow.end(false);
			throw ex;
		}
		borrow.end(countSuccess);
		return connection;
	}

	/**
	 * Check a connection before handing it out when it needs it: one opened with replaced
	 * credentials is evicted, one that was open when another connection of the pool was
	 * lost is tested and evicted when dead (HikariCP would hand out a connection used
	 * moments ago without a test). An evicted connection is replaced by another borrow.
	 */
	private Connection checked(Connection connection) throws SQLException {
		int validationSeconds = (int) Math.max(1, (this.pool.getValidationTimeout() + 999) / 1000);
		for (int attempt = 0; attempt <= this.pool.getMaximumPoolSize(); attempt++) {
			Connection physical = connection.unwrap(Connection.class);
			OpenConnections.Check check = this.connectionFactory.takeCheck(physical);
			if (check == null || (check == OpenConnections.Check.VALIDATE && isAlive(physical, validationSeconds))) {
				return connection;
			}
			PoolEvents.log(Level.DEBUG, "connection.evicted", "pool", this.name, "reason",
					(check == OpenConnections.Check.RETIRE) ? "rotation" : "lost");
			this.pool.evictConnection(connection);
			connection = this.pool.getConnection();
		}
		return connection;
	}

	private static boolean isAlive(Connection physical, int timeoutSeconds) {
		try {
			return physical.isValid(timeoutSeconds);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/**
	 * Log a failed acquisition, or count it as a saturation of the pool: a timeout while
	 * every connection was busy and no attempt to open one had failed (HikariCP then gives
	 * its timeout neither a cause nor a SQLState).
	 * @param ex HikariCP's exception
	 * @param translated the exception thrown at the caller
	 * @return whether the failure says something about the database
	 */
	private boolean acquisitionFailed(SQLException ex, SQLException translated) {
		if (translated != ex || !(ex instanceof SQLTransientConnectionException)
				|| ex instanceof DatabaseRefusedException) {
			return true;
		}
		HikariPoolMXBean state = this.pool.isRunning() ? this.pool.getHikariPoolMXBean() : null;
		int pending = (state != null) ? state.getThreadsAwaitingConnection() : 0;
		if (state != null && ex.getSQLState() == null && ex.getCause() == null
				&& state.getTotalConnections() >= this.pool.getMaximumPoolSize()) {
			this.saturation.record(pending, this.pool.getConnectionTimeout());
			return false;
		}
		PoolEvents.log(Level.WARN, "acquire.timeout", "pool", this.name, "connectionTimeout",
				this.pool.getConnectionTimeout() + "ms", "pending", pending);
		return true;
	}

	/**
	 * Start the pool unless it runs already: open its first connection, so that a pool that
	 * cannot log in fails now, and let HikariCP fill it to its minimum idle size. With a
	 * negative initialization-fail-timeout the pool is started without waiting for the
	 * database, as HikariCP does.
	 * @throws SQLException when the pool cannot open its first connection
	 */
	public void start() throws SQLException {
		if (this.pool.isRunning()) {
			return;
		}
		if (this.pool.getInitializationFailTimeout() < 0) {
			Thread starter = new Thread(this::startQuietly, "connmgmt-" + this.name + "-start");
			starter.setDaemon(true);
			starter.start();
			return;
		}
		getConnection().close();
	}

	private void startQuietly() {
		try {
			getConnection().close();
		}
		catch (SQLException ex) {
			logger.warn("Pool '{}' started without a connection: {}", this.name, ex.getMessage());
		}
	}

	/**
	 * Return the pool's name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return whether the pool waits for its first use to start.
	 * @return whether the pool is lazy
	 */
	public boolean isLazy() {
		return this.lazy;
	}

	/**
	 * Return whether the pool has started and is not closed.
	 * @return whether the pool runs
	 */
	public boolean isRunning() {
		return this.pool.isRunning();
	}

	/**
	 * Return the circuit breaker on this pool's acquisitions.
	 * @return the guard, or {@code null} when the pool has none
	 */
	public AcquisitionGuard getGuard() {
		return this.guard;
	}

	/**
	 * Return the count of acquisitions that timed out because every connection was busy.
	 * @return the pool's saturation
	 */
	public PoolSaturation getSaturation() {
		return this.saturation;
	}

	PhysicalConnectionFactory getConnectionFactory() {
		return this.connectionFactory;
	}

	/**
	 * Return where this pool's credentials come from.
	 * @return the credential source
	 */
	public CredentialSource getCredentialSource() {
		return this.connectionFactory.getCredentialSource();
	}

	/**
	 * Return the pool's JDBC URL with any secret in it masked.
	 * @return the redacted URL
	 */
	public String getRedactedUrl() {
		return this.connectionFactory.getRedactedUrl();
	}

	/**
	 * Open a physical connection outside the pool, for a health or size probe: it does not
	 * count against the pool, and the caller closes it.
	 * @return a new connection
	 * @throws SQLException when the database cannot be reached or refuses the login
	 */
	public Connection openProbe() throws SQLException {
		return this.connectionFactory.openProbe();
	}

	/**
	 * Return the database's {@code max_connections}, as the pool's first connection read
	 * it: no connection is opened to learn it.
	 * @return the setting, or empty while the pool has not connected or when the database
	 * is not PostgreSQL
	 */
	public OptionalInt getDatabaseMaxConnections() {
		return this.connectionFactory.databaseMaxConnections();
	}

	/**
	 * Return how many physical connections this pool has opened so far.
	 * @return the count
	 */
	public long getConnectionsOpened() {
		return this.connectionFactory.openedConnections();
	}

	/**
	 * Return how many physical connections of this pool were closed so far, for any reason.
	 * @return the count
	 */
	public long getConnectionsClosed() {
		return this.connectionFactory.closedConnections();
	}

	/**
	 * Report connections retired outside HikariCP's own evictions (a cancelled statement's
	 * connection, for instance) to the pool's connection event listener.
	 * @param reason why they were retired, a metric tag value
	 * @param count how many
	 */
	public void connectionsRetired(String reason, int count) {
		this.connectionFactory.getListener().retired(this.name, reason, count);
	}

	/**
	 * Set the listener told of this pool's physical connections (opened, failed, retired,
	 * closed); one per pool, used by the metrics binder.
	 * @param listener the listener
	 */
	public void setConnectionEventListener(ConnectionEventListener listener) {
		this.connectionFactory.setListener(listener);
	}

	/**
	 * Return the HikariCP pool. Changing its configuration at runtime goes through
	 * {@link HikariDataSource#getHikariConfigMXBean()}.
	 * @return the HikariCP data source
	 */
	public HikariDataSource getHikariDataSource() {
		return this.pool;
	}

	/**
	 * Return the way this pool's maximum size is changed while it runs.
	 * @return the pool's size changes
	 */
	PoolSizeLoan sizeLoan() {
		return this.sizeLoan;
	}

	/**
	 * Stop handing out connections and wait for those in use to be returned, at most until
	 * the deadline; the pool stays open for {@link #close()}.
	 * @param deadlineNanos the deadline, on the {@link System#nanoTime()} clock
	 * @return how many connections were still in use at the deadline
	 * @throws InterruptedException when interrupted while waiting
	 */
	public int drain(long deadlineNanos) throws InterruptedException {
		this.draining = true;
		if (!this.pool.isRunning()) {
			return 0;
		}
		int active = this.pool.getHikariPoolMXBean().getActiveConnections();
		while (active > 0 && System.nanoTime() - deadlineNanos < 0) {
			Thread.sleep(20);
			active = this.pool.getHikariPoolMXBean().getActiveConnections();
		}
		return active;
	}

	/**
	 * Start timing acquisitions against a target wait, for a pool that sizes itself.
	 * @param timer the timer, or {@code null} to stop timing
	 */
	void setAcquisitionTimer(AcquisitionTimer timer) {
		this.timer = timer;
	}

	/**
	 * Suspend the pool: callers wait for a connection (up to the connection timeout) until
	 * {@link #resume()}. Needs allow-pool-suspension.
	 * @throws IllegalStateException when the pool is not running or not allowed to suspend
	 */
	public void suspend() {
		requireRunning().suspendPool();
		this.suspended = true;
	}

	/**
	 * Resume a suspended pool.
	 * @throws IllegalStateException when the pool is not running
	 */
	public void resume() {
		requireRunning().resumePool();
		this.suspended = false;
	}

	/**
	 * Retire every connection: idle ones now, those in use when they are returned.
	 * @throws IllegalStateException when the pool is not running
	 */
	public void softEvict() {
		requireRunning().softEvictConnections();
	}

	/**
	 * Return whether the pool is suspended.
	 * @return whether the pool is suspended
	 */
	public boolean isSuspended() {
		return this.suspended;
	}

	private HikariPoolMXBean requireRunning() {
		if (!this.pool.isRunning()) {
			throw new IllegalStateException("Pool '" + this.name + "' is not running");
		}
		return this.pool.getHikariPoolMXBean();
	}

	/**
	 * Return whether the pool is draining: it hands out no new connections.
	 * @return whether the pool drains
	 */
	public boolean isDraining() {
		return this.draining;
	}

	/**
	 * Close the pool and every physical connection in it.
	 */
	@Override
	public void close() {
		this.connectionFactory.stopRetrying();
		this.pool.close();
		// a rotation's logins HikariCP never took would otherwise outlive the pool
		this.connectionFactory.closeReplacements();
		if (this.guard != null) {
			this.guard.close();
		}
		if (this.connectionFactory.getCredentialSource() instanceof AutoCloseable source) {
			try {
				source.close();
			}
			catch (Exception ex) {
				logger.debug("Could not close the credential source of pool '{}'", this.name, ex);
			}
		}
	}

	/**
	 * Return whether the pool has been closed.
	 * @return whether the pool is closed
	 */
	public boolean isClosed() {
		return this.pool.isClosed();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLFeatureNotSupportedException(
				"Pool '" + this.name + "' takes its credentials from its credential source");
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return (T) this;
		}
		return this.pool.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || this.pool.isWrapperFor(iface);
	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		return this.pool.getLogWriter();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		this.pool.setLogWriter(out);
	}

	@Override
	public void setLoginTimeout(int seconds) throws SQLException {
		this.pool.setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() throws SQLException {
		return this.pool.getLoginTimeout();
	}

	@Override
	public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.pool.getParentLogger();
	}

	@Override
	public String toString() {
		return "ManagedDataSource[pool=" + this.name + ", url=" + this.connectionFactory.getRedactedUrl()
				+ ", credentials=" + this.connectionFactory.getCredentialSource().type() + ", lazy=" + this.lazy + "]";
	}

	/**
	 * The pool's answer to refused connects: wake the callers waiting for a connection,
	 * retry while someone needs one (a caller waits, the pool is below its minimum idle
	 * size, or the breaker has seen failures), and let the breaker try again as soon as the
	 * database accepts connections.
	 */
	private final class Refusals implements PhysicalConnectionFactory.Refusals {

		@Override
		public long connecting() {
			return ManagedDataSource.this.pending.connectStarting();
		}

		@Override
		public void refused(SQLException refusal, long attempt) {
			if (ManagedDataSource.this.pool.isRunning()) {
				ManagedDataSource.this.pending.wake(refusal, attempt);
			}
		}

		@Override
		public void accepted() {
			AcquisitionGuard guard = ManagedDataSource.this.guard;
			if (guard != null) {
				guard.connectsAccepted();
			}
		}

		@Override
		public boolean needConnection() {
			HikariDataSource pool = ManagedDataSource.this.pool;
			if (!pool.isRunning() || pool.isClosed()) {
				return false;
			}
			HikariPoolMXBean state = pool.getHikariPoolMXBean();
			AcquisitionGuard guard = ManagedDataSource.this.guard;
			return state.getThreadsAwaitingConnection() > 0 || state.getTotalConnections() < pool.getMinimumIdle()
					|| (guard != null && !guard.isQuiet());
		}

	}

}
