package dev.connmgmt.resilience;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.ClassUtils;

/**
 * Cancels what a connection is running when a caller's time limit passes first, so that
 * nothing keeps running on the server after the caller gave up. PostgreSQL's own cancel
 * request stops the statement and keeps the connection; for other drivers the connection
 * is aborted, which ends the statement with it.
 * <p>
 * One daemon thread serves every pool; a deadline that is met costs one scheduled task,
 * cancelled when the work ends.
 *
 * @since 0.1.0
 */
public final class StatementCanceller implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(StatementCanceller.class);

	private static final boolean POSTGRESQL_PRESENT = ClassUtils.isPresent("org.postgresql.PGConnection",
			StatementCanceller.class.getClassLoader());

	private final ScheduledThreadPoolExecutor scheduler;

	/**
	 * Create a canceller with its own thread.
	 */
	public StatementCanceller() {
		this.scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "connmgmt-deadlines");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Cancel what a connection runs once a deadline passes.
	 * @param connection the connection the work runs on
	 * @param deadlineNanos the deadline, on the {@link System#nanoTime()} clock
	 * @return the scheduled cancellation; disarm it when the work ends
	 */
	public Cancellation cancelAt(Connection connection, long deadlineNanos) {
		Cancellation cancellation = new Cancellation(connection);
		long delay = Math.max(0, deadlineNanos - System.nanoTime());
		cancellation.task = this.scheduler.schedule(cancellation::fire, delay, TimeUnit.NANOSECONDS);
		return cancellation;
	}

	/**
	 * Return the scheduler deadlines run on, for time limiters that need one.
	 * @return the scheduler
	 */
	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	static void cancel(Connection connection) {
		try {
			if (POSTGRESQL_PRESENT && connection.isWrapperFor(PGConnection.class)) {
				connection.unwrap(PGConnection.class).cancelQuery();
				return;
			}
			connection.abort(Runnable::run);
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Could not cancel the statement of a connection past its deadline: {}", ex.getMessage());
		}
	}

	/**
	 * One scheduled cancellation.
	 */
	public static final class Cancellation {

		private final Connection connection;

		private final AtomicBoolean fired = new AtomicBoolean();

		private volatile ScheduledFuture<?> task;

		Cancellation(Connection connection) {
			this.connection = connection;
		}

		private synchronized void fire() {
			if (this.fired.compareAndSet(false, true)) {
				cancel(this.connection);
			}
		}

		/**
		 * Stop the cancellation, unless it fired already, and wait for a running one to end.
		 * @return whether it fired: the connection was cancelled and must not be reused
		 */
		public synchronized boolean disarm() {
			this.task.cancel(false);
			return !this.fired.compareAndSet(false, true);
		}

	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
