package dev.connmgmt.internal.resilience;

import java.sql.SQLException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import dev.connmgmt.internal.events.PoolEvents;
import dev.connmgmt.internal.pool.AcquisitionGuard;
import dev.connmgmt.pool.PoolUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import org.slf4j.event.Level;

/**
 * Guards a pool's connection acquisition with a Resilience4j circuit breaker: while it is
 * open, callers are refused at once with a {@link PoolUnavailableException} instead of
 * waiting for the connection timeout.
 * <p>
 * The breaker sees every acquisition, so its failure and slow-call rates are those
 * Resilience4j computes for the same calls. Only how successes reach it is cheaper: while
 * the breaker is closed and no failure or slow call is in its sliding window, the guard is
 * {@link #isQuiet() quiet}, and a fast success is only counted (Resilience4j's own
 * bookkeeping and events cost more than the borrow itself), by the pool itself when it
 * {@link #countQuietSuccessesFrom offers} its count. The count is handed to the
 * breaker, as successes of no duration, before the next failure or slow call is recorded,
 * and for a time-based window also every second, so that successes land in the second
 * they happened in. A count-based window is handed at most a window's worth: older calls
 * would have left it anyway. Counted successes are dropped when the breaker leaves the
 * closed state. From a failure or slow call on, until a whole window of fast successes
 * has passed (for a time-based window: until the window's duration has passed), every
 * acquisition is reported on its own, and while the breaker is not closed every
 * acquisition asks for permission. So Resilience4j's per-call success events and call
 * timers count quiet successes only when they are handed over, not one by one as they
 * happen.
 *
 * @since 0.1.0
 */
public final class CircuitBreakerAcquisitionGuard implements AcquisitionGuard {

	private final String poolName;

	private final CircuitBreaker breaker;

	private final boolean timeBased;

	private final int windowSize;

	private final int quietAfter;

	private final long slowNanos;

	private final LongAdder pendingSuccesses = new LongAdder();

	private final Object flushLock = new Object();

	private final AtomicInteger successesToQuiet = new AtomicInteger();

	private final ScheduledFuture<?> flushes;

	private volatile LongSupplier countedSuccesses;

	/**
	 * How many of {@link #countedSuccesses} were handed to the breaker or dropped.
	 */
	private final AtomicLong countedSuccessesSeen = new AtomicLong();

	private volatile long quietFromSecond;

	private volatile boolean recording;

	/**
	 * Create a guard.
	 * @param poolName the pool guarded
	 * @param breaker the breaker, from the application's registry
	 */
	public CircuitBreakerAcquisitionGuard(String poolName, CircuitBreaker breaker) {
		this.poolName = poolName;
		this.breaker = breaker;
		CircuitBreakerConfig config = breaker.getCircuitBreakerConfig();
		this.timeBased = config.getSlidingWindowType() == CircuitBreakerConfig.SlidingWindowType.TIME_BASED;
		this.windowSize = config.getSlidingWindowSize();
		this.quietAfter = Math.max(config.getSlidingWindowSize(), config.getMinimumNumberOfCalls());
		this.slowNanos = config.getSlowCallDurationThreshold().toNanos();
		breaker.getEventPublisher().onStateTransition((event) -> {
			dropPendingSuccesses();
			PoolEvents.log(
					(event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) ? Level.INFO : Level.WARN,
					"circuitbreaker.transition", "pool", poolName, "breaker", breaker.getName(), "from",
					event.getStateTransition().getFromState(), "to", event.getStateTransition().getToState(),
					"failureRate", breaker.getMetrics().getFailureRate());
		});
		this.flushes = this.timeBased
				? Flushes.scheduler.scheduleAtFixedRate(this::flushPendingSuccesses, 1, 1, TimeUnit.SECONDS) : null;
		// the first refusal would otherwise load and link what it builds (about 20 ms), when
		// the database has just failed and every caller is being refused
		rejection();
	}

	@Override
	public boolean isQuiet() {
		return !this.recording && this.breaker.getState() == CircuitBreaker.State.CLOSED;
	}

	@Override
	public long slowAcquisitionNanos() {
		return this.slowNanos;
	}

	@Override
	public boolean tryAcquire() {
		return this.breaker.tryAcquirePermission();
	}

	@Override
	public SQLException rejection() {
		CircuitBreaker.Metrics metrics = this.breaker.getMetrics();
		long waitMillis = this.breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
		String detail = metrics.getNumberOfFailedCalls() + " of the last " + metrics.getNumberOfBufferedCalls()
				+ " acquisitions failed; trial acquisitions are let through after " + waitMillis + "ms open";
		return new PoolUnavailableException(this.poolName, this.breaker.getName(), this.breaker.getState().name(),
				detail);
	}

	@Override
	public void succeededQuietly(long nanos) {
		if (nanos < this.slowNanos) {
			this.pendingSuccesses.increment();
			return;
		}
		troubleBegan();
		flushPendingSuccesses();
		this.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void succeeded(long nanos) {
		if (nanos >= this.slowNanos) {
			troubleBegan();
			this.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
			return;
		}
		this.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
		if (this.breaker.getState() == CircuitBreaker.State.CLOSED && troubleIsOver()) {
			this.recording = false;
		}
	}

	/**
	 * Take the pool's count of quiet successes: the pool then counts each in the
	 * compare-and-set that ends its borrow, and this guard reads the count only when it
	 * hands successes to the breaker.
	 */
	@Override
	public boolean countQuietSuccessesFrom(LongSupplier successes) {
		this.countedSuccessesSeen.set(successes.getAsLong());
		this.countedSuccesses = successes;
		return true;
	}

	@Override
	public void failed(long nanos, Throwable failure) {
		troubleBegan();
		flushPendingSuccesses();
		this.breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
	}

	@Override
	public void released() {
		this.breaker.releasePermission();
	}

	/**
	 * Let trial acquisitions through now when the breaker is open: it waits for the
	 * database to come back, and the pool has just opened a connection to it. While the
	 * database refuses connections the breaker stays open for its whole wait, as before.
	 */
	@Override
	public void connectsAccepted() {
		if (this.breaker.getState() == CircuitBreaker.State.OPEN) {
			try {
				this.breaker.transitionToHalfOpenState();
			}
			catch (IllegalStateTransitionException ex) {
				// another thread moved it on meanwhile
			}
		}
	}

	@Override
	public void close() {
		if (this.flushes != null) {
			this.flushes.cancel(false);
		}
	}

	/**
	 * Hand the successes counted while quiet to the breaker, if it is still closed. A
	 * failure recorded at the same time waits until they are all handed over, so that it
	 * lands after them in the window, as it happened.
	 */
	void flushPendingSuccesses() {
		synchronized (this.flushLock) {
			long pending = this.pendingSuccesses.sum();
			this.pendingSuccesses.add(-pending);
			LongSupplier counted = this.countedSuccesses;
			if (counted != null) {
				long now = counted.getAsLong();
				pending += Math.max(0, now - this.countedSuccessesSeen.getAndSet(now));
			}
			long calls = this.timeBased ? pending : Math.min(pending, this.windowSize);
			for (long i = 0; i < calls && this.breaker.getState() == CircuitBreaker.State.CLOSED; i++) {
				this.breaker.onSuccess(0, TimeUnit.NANOSECONDS);
			}
		}
	}

	/**
	 * Forget the successes counted while quiet: the breaker left the closed state. Called
	 * from the breaker's event, so it takes no lock of this guard's.
	 */
	private void dropPendingSuccesses() {
		this.pendingSuccesses.reset();
		LongSupplier counted = this.countedSuccesses;
		if (counted != null) {
			this.countedSuccessesSeen.set(counted.getAsLong());
		}
	}

	private void troubleBegan() {
		this.successesToQuiet.set(this.quietAfter);
		this.quietFromSecond = currentSecond() + this.windowSize;
		this.recording = true;
	}

	private boolean troubleIsOver() {
		if (this.timeBased) {
			return currentSecond() >= this.quietFromSecond;
		}
		return this.successesToQuiet.decrementAndGet() <= 0;
	}

	private long currentSecond() {
		return this.breaker.getCircuitBreakerConfig().getClock().instant().getEpochSecond();
	}

	/**
	 * Return the breaker.
	 * @return the Resilience4j circuit breaker
	 */
	public CircuitBreaker getBreaker() {
		return this.breaker;
	}

	private static final class Flushes {

		static final ScheduledThreadPoolExecutor scheduler = create();

		private static ScheduledThreadPoolExecutor create() {
			ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
				Thread thread = new Thread(task, "connmgmt-breaker-flush");
				thread.setDaemon(true);
				return thread;
			});
			scheduler.setRemoveOnCancelPolicy(true);
			return scheduler;
		}

	}

}
