package dev.connmgmt.resilience;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.ProxyConnection;
import dev.connmgmt.internal.resilience.StatementCanceller.Cancellation;
import dev.connmgmt.internal.resilience.StatementCanceller;
import dev.connmgmt.pool.ManagedDataSource;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Units of work on one pool, each in a transaction of its own.
 * <p>
 * {@link #idempotent(TransactionCallback) Idempotent} work is retried when it fails
 * transiently (a serialization failure, a deadlock, a lost connection), each attempt with a
 * fresh connection and a fresh transaction: the retry is outermost, then the transaction,
 * then the breaker, which guards acquiring the connection only. So a retried deadlock is
 * never a breaker failure (Resilience4j's default aspect order counts every retried
 * failure), and an open breaker ends the retries at once. Work that is
 * {@link #once(TransactionCallback) not idempotent} is never retried.
 * <p>
 * With a request limit ({@code timeouts.request}) all attempts together must end within it;
 * when it passes, the statement running at that moment is cancelled on the database and a
 * {@link RequestTimeoutException} is thrown; if the cancel does not end the statement at
 * once (the database hangs), the connection is aborted, so the caller returns on time all
 * the same.
 * <p>
 * Work started inside a transaction on the same pool, already active, runs in it, once: a
 * retry could not start a fresh transaction. A transaction on another pool, or JPA's on
 * another data source, changes nothing.
 * <p>
 * When the work fails and rolling back fails too (the connection died), the caller gets the
 * work's own failure, the one the retry classified, with the rollback failure suppressed.
 *
 * @since 0.1.0
 */
public final class PoolTransactions {

	private final String poolName;

	private final DataSource dataSource;

	private final PoolTransactionManager transactionManager;

	private final TransactionTemplate transactions;

	private final Retry retry;

	private final Duration requestLimit;

	private final StatementCanceller canceller;

	private final TimeLimiter timeLimiter;

	private final ThreadPoolExecutor executor;

	/**
	 * Create the work of a pool.
	 * @param poolName the pool
	 * @param dataSource the pool's data source as the application injects it, wrappers
	 * included, so that the work's transactions are those of the application's data access
	 * @param retry the retry of idempotent work
	 * @param requestLimit the time limit of one unit of work, or {@code null}
	 * @param canceller cancels statements past the limit
	 * @param timeLimiter the time limit of asynchronous work, or {@code null} for none
	 * @param concurrency how many units of asynchronous work run at once, at most
	 */
	public PoolTransactions(String poolName, DataSource dataSource, Retry retry, Duration requestLimit,
			StatementCanceller canceller, TimeLimiter timeLimiter, int concurrency) {
		this.poolName = poolName;
		this.dataSource = dataSource;
		this.transactionManager = new PoolTransactionManager(dataSource);
		this.transactions = new TransactionTemplate(this.transactionManager);
		this.retry = retry;
		this.requestLimit = requestLimit;
		this.canceller = canceller;
		this.timeLimiter = timeLimiter;
		this.executor = new ThreadPoolExecutor(concurrency, concurrency, 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(concurrency * 16), new WorkThreads(poolName));
		this.executor.allowCoreThreadTimeOut(true);
	}

	/**
	 * Run work that may safely run more than once, retrying transient failures.
	 * @param <T> the result type
	 * @param work the work, run in a transaction of its own per attempt
	 * @return the work's result
	 * @throws RequestTimeoutException when the pool's request limit passes
	 */
	public <T> T idempotent(TransactionCallback<T> work) {
		return idempotent(work, deadline(this.requestLimit), this.requestLimit);
	}

	/**
	 * Run idempotent work on a bounded executor of this pool's, under the pool's
	 * Resilience4j time limiter, if it has one: when its limit, counted from this call,
	 * passes, the returned stage fails with a {@link java.util.concurrent.TimeoutException}
	 * (or the work's own {@link RequestTimeoutException}, whichever comes first) and the
	 * statement running at that moment is cancelled on the database, so the time limit
	 * really ends the work, however long it waited for a thread.
	 * @param <T> the result type
	 * @param work the work, run in a transaction of its own per attempt
	 * @return the work's eventual result
	 */
	public <T> CompletableFuture<T> idempotentAsync(TransactionCallback<T> work) {
		if (this.timeLimiter == null) {
			return submit(work, 0, null);
		}
		Duration limit = this.timeLimiter.getTimeLimiterConfig().getTimeoutDuration();
		long deadline = deadline(limit);
		return this.timeLimiter
			.executeCompletionStage(this.canceller.scheduler(), () -> submit(work, deadline, limit))
			.toCompletableFuture();
	}

	private <T> CompletableFuture<T> submit(TransactionCallback<T> work, long deadline, Duration limit) {
		try {
			return CompletableFuture.supplyAsync(() -> idempotent(work, deadline, limit), this.executor);
		}
		catch (RejectedExecutionException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Return the time limiter of asynchronous work, from Resilience4j's registry.
	 * @return the time limiter, or {@code null} when neither the pool's request limit nor
	 * Resilience4j's configuration of this name gives asynchronous work a time limit
	 */
	public TimeLimiter getTimeLimiter() {
		return this.timeLimiter;
	}

	private <T> T idempotent(TransactionCallback<T> work, long deadline, Duration limit) {
		if (this.transactionManager.isTransactionInProgress()) {
			return execute(work);
		}
		AtomicInteger attempts = new AtomicInteger();
		try {
			return Retry.decorateSupplier(this.retry, () -> attempt(work, deadline, limit, attempts.incrementAndGet()))
				.get();
		}
		catch (RuntimeException ex) {
			throw timedOut(ex, deadline, limit, attempts.get());
		}
	}

	/**
	 * Run work that must not run twice: never retried.
	 * @param <T> the result type
	 * @param work the work, run in a transaction of its own
	 * @return the work's result
	 * @throws RequestTimeoutException when the pool's request limit passes
	 */
	public <T> T once(TransactionCallback<T> work) {
		if (this.transactionManager.isTransactionInProgress()) {
			return execute(work);
		}
		long deadline = deadline(this.requestLimit);
		try {
			return attempt(work, deadline, this.requestLimit, 1);
		}
		catch (RuntimeException ex) {
			throw timedOut(ex, deadline, this.requestLimit, 1);
		}
	}

	/**
	 * Return the pool this work runs on.
	 * @return the pool name
	 */
	public String getPoolName() {
		return this.poolName;
	}

	/**
	 * Return the retry of idempotent work, from Resilience4j's registry.
	 * @return the retry
	 */
	public Retry getRetry() {
		return this.retry;
	}

	private <T> T attempt(TransactionCallback<T> work, long deadline, Duration limit, int attempt) {
		if (deadline != 0 && System.nanoTime() - deadline >= 0) {
			throw new RequestTimeoutException(this.poolName, limit, attempt - 1, null);
		}
		return execute((status) -> runBeforeDeadline(work, status, deadline, limit, attempt));
	}

	private <T> T execute(TransactionCallback<T> work) {
		try {
			return this.transactions.execute(work);
		}
		catch (TransactionSystemException ex) {
			Throwable original = ex.getApplicationException();
			if (original instanceof RuntimeException runtime) {
				runtime.addSuppressed(ex);
				throw runtime;
			}
			if (original instanceof Error error) {
				error.addSuppressed(ex);
				throw error;
			}
			throw ex;
		}
	}

	private <T> T runBeforeDeadline(TransactionCallback<T> work, TransactionStatus status, long deadline,
			Duration limit, int attempt) {
		if (deadline == 0) {
			return work.doInTransaction(status);
		}
		if (System.nanoTime() - deadline >= 0) {
			throw new RequestTimeoutException(this.poolName, limit, attempt, null);
		}
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		Cancellation cancellation = this.canceller.cancelAt(connection, deadline);
		T result = null;
		RuntimeException failure = null;
		try {
			result = work.doInTransaction(status);
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		if (cancellation.disarm()) {
			evict(connection);
			throw new RequestTimeoutException(this.poolName, limit, attempt, failure);
		}
		if (failure != null) {
			throw failure;
		}
		return result;
	}

	/**
	 * A cancelled connection leaves the pool: a cancel request that reached the server late
	 * must not hit the next borrower's statement. HikariCP evicts only its own proxies; one
	 * that another library wrapped again is aborted instead, and HikariCP drops it when the
	 * rollback on it fails.
	 */
	private void evict(Connection connection) {
		try {
			if (connection instanceof ProxyConnection) {
				this.dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
			}
			else {
				connection.abort(Runnable::run);
			}
			if (this.dataSource.isWrapperFor(ManagedDataSource.class)) {
				this.dataSource.unwrap(ManagedDataSource.class).connectionsRetired("cancelled", 1);
			}
		}
		catch (SQLException | RuntimeException ex) {
			// not a HikariCP pool: the aborted connection is discarded by its pool anyway
		}
	}

	private static long deadline(Duration limit) {
		return (limit != null) ? (System.nanoTime() + limit.toNanos()) | 1 : 0;
	}

	private RuntimeException timedOut(RuntimeException failure, long deadline, Duration limit, int attempts) {
		if (failure instanceof RequestTimeoutException || deadline == 0 || System.nanoTime() - deadline < 0) {
			return failure;
		}
		return new RequestTimeoutException(this.poolName, limit, attempts, failure);
	}

	/**
	 * Stop the executor of asynchronous work.
	 */
	void close() {
		this.executor.shutdownNow();
	}

	private static final class WorkThreads implements ThreadFactory {

		private final String prefix;

		private final AtomicInteger count = new AtomicInteger();

		WorkThreads(String poolName) {
			this.prefix = "connmgmt-" + poolName + "-work-";
		}

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, this.prefix + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
