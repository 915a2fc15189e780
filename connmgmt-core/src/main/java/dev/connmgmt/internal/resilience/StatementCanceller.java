package dev.connmgmt.internal.resilience;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * A cancel request may itself hang, as long as the driver's cancel timeout (10s for
 * PostgreSQL's) when the database is unreachable: so requests are sent concurrently, by a
 * bounded set of daemon threads, and one hung database delays no other pool's deadlines.
 * When the statement has not ended {@link #ABORT_GRACE} after its deadline and the cancel
 * request has not reached the database (it hangs, or no thread was free to send it), the
 * connection is aborted, which returns the caller at once even without a socket timeout.
 * <p>
 * One daemon thread keeps the deadlines; a deadline that is met costs one scheduled task,
 * cancelled when the work ends. Sending threads end a second after their last request.
 *
 * @since 0.1.0
 */
public final class StatementCanceller implements AutoCloseable {

	/**
	 * How long after a deadline a cancel request has to reach the database before the
	 * connection is aborted.
	 */
	public static final Duration ABORT_GRACE = Duration.ofMillis(250);

	/**
	 * Cancel requests sent at once, at most; more wait in a queue.
	 */
	public static final int MAXIMUM_CONCURRENT_CANCELS = 16;

	private static final int MAXIMUM_QUEUED_CANCELS = 1024;

	private static final Logger logger = LoggerFactory.getLogger(StatementCanceller.class);

	private static final boolean POSTGRESQL_PRESENT = ClassUtils.isPresent("org.postgresql.PGConnection",
			StatementCanceller.class.getClassLoader());

	private final ScheduledThreadPoolExecutor scheduler;

	private final ThreadPoolExecutor senders;

	/**
	 * Create a canceller with its own threads.
	 */
	public StatementCanceller() {
		this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("connmgmt-deadlines"));
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.senders = new ThreadPoolExecutor(MAXIMUM_CONCURRENT_CANCELS, MAXIMUM_CONCURRENT_CANCELS, 1,
				TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAXIMUM_QUEUED_CANCELS), daemonThreads("connmgmt-cancel"));
		this.senders.allowCoreThreadTimeOut(true);
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Cancel what a connection runs once a deadline passes, and abort the connection if that
	 * has not ended the work shortly after.
	 * @param connection the connection the work runs on
	 * @param deadlineNanos the deadline, on the {@link System#nanoTime()} clock
	 * @return the scheduled cancellation; disarm it when the work ends
	 */
	public Cancellation cancelAt(Connection connection, long deadlineNanos) {
		Cancellation cancellation = new Cancellation(connection);
		long delay = Math.max(0, deadlineNanos - System.nanoTime());
		cancellation.task = this.scheduler.schedule(() -> fire(cancellation), delay, TimeUnit.NANOSECONDS);
		return cancellation;
	}

	private void fire(Cancellation cancellation) {
		if (!cancellation.fire()) {
			return;
		}
		cancellation.task = this.scheduler.schedule(cancellation::abort, ABORT_GRACE.toNanos(), TimeUnit.NANOSECONDS);
		try {
			this.senders.execute(() -> {
				if (cancel(cancellation.connection)) {
					cancellation.delivered();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			cancellation.abort();
		}
	}

	/**
	 * Return the scheduler deadlines run on, for time limiters that need one.
	 * @return the scheduler
	 */
	public ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	static boolean cancel(Connection connection) {
		try {
			if (POSTGRESQL_PRESENT && connection.isWrapperFor(PGConnection.class)) {
				connection.unwrap(PGConnection.class).cancelQuery();
				return true;
			}
			connection.abort(Runnable::run);
			return true;
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Could not cancel the statement of a connection past its deadline: {}", ex.getMessage());
			return false;
		}
	}

	/**
	 * One scheduled cancellation.
	 */
	public static final class Cancellation {

		private final Connection connection;

		private boolean fired;

		private boolean ended;

		private boolean delivered;

		private volatile ScheduledFuture<?> task;

		Cancellation(Connection connection) {
			this.connection = connection;
		}

		private synchronized boolean fire() {
			if (this.ended) {
				return false;
			}
			this.fired = true;
			return true;
		}

		private synchronized void delivered() {
			this.delivered = true;
		}

		private synchronized void abort() {
			if (this.ended || this.delivered) {
				return;
			}
			this.ended = true;
			try {
				this.connection.abort(Runnable::run);
			}
			catch (SQLException | RuntimeException ex) {
				logger.warn("Could not abort a connection past its deadline: {}", ex.getMessage());
			}
		}

		/**
		 * Stop the cancellation, unless it fired already, and wait for a running one to end.
		 * @return whether it fired: the connection was cancelled or aborted and must not be
		 * reused
		 */
		public synchronized boolean disarm() {
			this.ended = true;
			this.task.cancel(false);
			return this.fired;
		}

	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.senders.shutdownNow();
	}

}
