package dev.connmgmt.internal.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.connmgmt.internal.events.PoolEvents;
import org.slf4j.event.Level;

/**
 * Counts a pool's acquisitions that timed out because every connection was busy while the
 * database answered: a pool too small for its load, not a failing database. Logged as a
 * {@code pool.saturated} event at most every {@link #EVENT_INTERVAL}, with the number of
 * such timeouts since the previous event, so that a spike does not flood the log.
 *
 * @since 0.1.0
 */
public final class PoolSaturation {

	/**
	 * Shortest time between two {@code pool.saturated} events of a pool.
	 */
	public static final Duration EVENT_INTERVAL = Duration.ofSeconds(10);

	/**
	 * How long after its last saturation timeout a pool counts as saturated.
	 */
	public static final Duration RECENT = Duration.ofMinutes(1);

	private final String pool;

	private final LongAdder timeouts = new LongAdder();

	private final LongAdder unreported = new LongAdder();

	private final AtomicLong lastEventNanos = new AtomicLong(System.nanoTime() - EVENT_INTERVAL.toNanos());

	private volatile Instant last;

	public PoolSaturation(String pool) {
		this.pool = pool;
	}

	public void record(int pending, long connectionTimeoutMillis) {
		this.timeouts.increment();
		this.unreported.increment();
		this.last = Instant.now();
		long now = System.nanoTime();
		long previous = this.lastEventNanos.get();
		if (now - previous >= EVENT_INTERVAL.toNanos() && this.lastEventNanos.compareAndSet(previous, now)) {
			PoolEvents.log(Level.WARN, "pool.saturated", "pool", this.pool, "pending", pending, "connectionTimeout",
					connectionTimeoutMillis + "ms", "timeouts", this.unreported.sumThenReset());
		}
	}

	/**
	 * Return how many acquisitions timed out on the saturated pool since it was created.
	 * @return the count
	 */
	public long timeouts() {
		return this.timeouts.sum();
	}

	/**
	 * Return when an acquisition last timed out on the saturated pool.
	 * @return the time, or {@code null} when it never did
	 */
	public Instant last() {
		return this.last;
	}

	/**
	 * Return whether an acquisition timed out on the saturated pool within {@link #RECENT}.
	 * @param now the current time
	 * @return whether the pool is saturated
	 */
	public boolean isSaturated(Instant now) {
		Instant last = this.last;
		return last != null && last.plus(RECENT).isAfter(now);
	}

}
