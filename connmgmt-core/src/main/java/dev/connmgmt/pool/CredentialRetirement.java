package dev.connmgmt.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import dev.connmgmt.internal.events.PoolEvents;
import org.slf4j.event.Level;

/**
 * Retires a pool's connections of replaced credentials when its credential source
 * changes them, make before break: it first logs in with the new credentials as many
 * connections as the old ones, as far as the database has room for them, so that HikariCP
 * replaces each retired connection at once instead of making its callers wait for a login.
 */
final class CredentialRetirement {

	/**
	 * How long the old connections may go on serving while the new ones log in, at most.
	 */
	private static final Duration OVERLAP_LIMIT = Duration.ofSeconds(5);

	/**
	 * The share of the time the old credentials have left that the new ones may take to
	 * log in, so that the old connections, those in use included, are gone well before the
	 * old credentials expire.
	 */
	private static final int OVERLAP_SHARE_OF_TIME_LEFT = 3;

	/**
	 * How many logins a rotation runs at once.
	 */
	private static final int PARALLEL_LOGINS = 4;

	/**
	 * How long a replacement HikariCP has not taken is kept while old connections are still
	 * in use.
	 */
	private static final Duration REPLACEMENT_KEEP = Duration.ofSeconds(30);

	private static final Duration REPLACEMENT_CHECK = Duration.ofMillis(250);

	private static final Executor AFTER_REPLACEMENT_CHECK = CompletableFuture
		.delayedExecutor(REPLACEMENT_CHECK.toMillis(), TimeUnit.MILLISECONDS);

	/**
	 * How long HikariCP may take, after a login, to set a connection up and add it to the
	 * pool.
	 */
	private static final Duration SETUP_GRACE = Duration.ofMillis(250);

	private static final Executor AFTER_SETUP_GRACE = CompletableFuture
		.delayedExecutor(SETUP_GRACE.toMillis(), TimeUnit.MILLISECONDS);

	/**
	 * How long HikariCP may take to add one replacement: its adder pauses 30 ms after each.
	 */
	private static final Duration ADMISSION_PER_CONNECTION = Duration.ofMillis(100);

	private static final Duration ADMISSION_GRACE = Duration.ofMillis(500);

	private static final Duration ADMISSION_POLL = Duration.ofMillis(5);

	/**
	 * How long old connections still open after a rotation are looked for and retired one
	 * by one, before the pool is evicted whole.
	 */
	private static final Duration STRAGGLERS_LIMIT = Duration.ofSeconds(30);

	private final String poolName;

	private final HikariDataSource pool;

	private final PhysicalConnectionFactory connectionFactory;

	private final AtomicInteger loginsInFlight = new AtomicInteger();

	private final PoolSizeLoan sizeLoan;

	private final ThreadPoolExecutor rotations;

	CredentialRetirement(String poolName, HikariDataSource pool, PhysicalConnectionFactory connectionFactory,
			PoolSizeLoan sizeLoan) {
		this.poolName = poolName;
		this.pool = pool;
		this.connectionFactory = connectionFactory;
		this.sizeLoan = sizeLoan;
		// one rotation at a time, in the order the credentials changed; no thread while idle
		this.rotations = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), (task) -> {
			Thread thread = new Thread(task, "connmgmt-" + poolName + "-rotation");
			thread.setDaemon(true);
			return thread;
		});
		this.rotations.allowCoreThreadTimeOut(true);
	}

	/**
	 * Retire the connections of replaced credentials: at once when the old credentials no
	 * longer serve, otherwise on a thread of the pool's own, since the logins of the
	 * replacements take time that the credential source's thread (which renews and
	 * revokes leases) cannot spare.
	 */
	void credentialsChanged() {
		if (!this.pool.isRunning()) {
			return;
		}
		long generation = this.connectionFactory.getCredentialSource().current().generation();
		if (overlap(generation - 1).isZero()) {
			retireOldCredentials();
		}
		else {
			this.rotations.execute(this::retireOldCredentials);
		}
	}

	/**
	 * Open the replacements of the old connections, let HikariCP take them beside the old
	 * ones, then retire every physical connection opened with credentials older than the
	 * current ones: idle connections now, those in use at their next borrow or once they
	 * are idle again. The pool holds at least its size throughout. Without replacements
	 * (no time left, no headroom, a failed login) the whole pool is evicted at once, and
	 * HikariCP logs in again as it replaces each connection. A login in flight meanwhile
	 * (connection-init-sql included) re-checks the credentials when it ends and never hands
	 * HikariCP an old connection. One that HikariCP was still setting up when the pool was
	 * swept (HikariCP#1836) is evicted at its first borrow, and by a later sweep if it
	 * stays idle.
	 */
	private void retireOldCredentials() {
		if (!this.pool.isRunning()) {
			return;
		}
		long generation = this.connectionFactory.getCredentialSource().current().generation();
		int old = this.connectionFactory.openOlderThan(generation);
		Duration overlap = overlap(generation - 1);
		long overlapEnds = System.nanoTime() + overlap.toNanos();
		int replacements = overlap.isZero() ? 0 : openReplacements(generation, overlapEnds);
		long started = System.nanoTime();
		int admitted = (replacements > 0) ? admitReplacements(generation, replacements, overlapEnds) : 0;
		boolean secondSweep;
		if (admitted > 0) {
			this.connectionFactory.retireOlderThan(generation);
			evictIdleOlderThan(generation);
			secondSweep = this.connectionFactory.openOlderThan(generation) > 0;
			if (secondSweep) {
				sweepSoon(generation, System.nanoTime() + STRAGGLERS_LIMIT.toNanos());
			}
		}
		else {
			old = this.pool.getHikariPoolMXBean().getTotalConnections();
			this.pool.getHikariPoolMXBean().softEvictConnections();
			this.connectionFactory.retireOlderThan(generation);
			long since = started - SETUP_GRACE.toNanos();
			secondSweep = this.connectionFactory.olderHandedOutSince(generation, since);
			if (secondSweep) {
				CompletableFuture.runAsync(() -> sweepAgainIfStillOpen(generation, since), AFTER_SETUP_GRACE);
			}
		}
		this.connectionFactory.getListener().retired(this.poolName, "rotation", old);
		this.connectionFactory.getListener().rotated(this.poolName, "success");
		PoolEvents.log(Level.INFO, "rotation.finished", "pool", this.poolName, "generation", generation, "replacements",
				replacements, "admitted", admitted, "secondSweep", secondSweep, "duration",
				Duration.ofNanos(System.nanoTime() - started));
		if (replacements > 0 || this.loginsInFlight.get() > 0) {
			long keepUntil = System.nanoTime() + REPLACEMENT_KEEP.toNanos();
			CompletableFuture.runAsync(() -> closeUnusedReplacements(generation, keepUntil, false),
					AFTER_REPLACEMENT_CHECK);
		}
	}

	/**
	 * Let HikariCP take the replacements while the old connections still serve: the pool
	 * is lent a slot for each, and HikariCP's adder is asked for as many connections. It
	 * adds one at a time and pauses about 30 ms after each, which is why the old
	 * connections must not be retired before: the pool would be short of connections, and
	 * its callers would wait, for as long as that takes. The slots are given back the
	 * moment the adder takes the last replacement, so that it never logs in for a lent
	 * slot; and at the latest when the old connections' time to serve is up.
	 * @return how many replacements HikariCP took, 0 when it could not be asked
	 */
	private int admitReplacements(long generation, int replacements, long overlapEndsNanos) {
		HikariPoolMXBean state = this.pool.getHikariPoolMXBean();
		if (!(state instanceof HikariPool adder) || !stillCurrent(generation)
				|| System.nanoTime() - overlapEndsNanos >= 0) {
			return 0;
		}
		int takenBefore = this.connectionFactory.replacementsTaken();
		this.connectionFactory.whenReplacementsTaken(this.sizeLoan::repay);
		if (!this.sizeLoan.lend(replacements)) {
			this.connectionFactory.whenReplacementsTaken(null);
			return 0;
		}
		try {
			long deadline = Math.min(overlapEndsNanos - System.nanoTime(),
					ADMISSION_PER_CONNECTION.toNanos() * replacements + ADMISSION_GRACE.toNanos()) + System.nanoTime();
			for (int i = 0; i < replacements; i++) {
				adder.addBagItem(replacements);
			}
			int admitted;
			while ((admitted = this.connectionFactory.replacementsTaken() - takenBefore) < replacements
					&& this.connectionFactory.replacementsReady() && stillCurrent(generation)
					&& System.nanoTime() - deadline < 0) {
				// HikariCP's adder holds as many requests as the pool's size at its start and drops
				// more: keep it asked for what is left
				adder.addBagItem(replacements - admitted);
				LockSupport.parkNanos(ADMISSION_POLL.toNanos());
			}
		}
		finally {
			this.connectionFactory.whenReplacementsTaken(null);
			this.sizeLoan.repay();
		}
		return this.connectionFactory.replacementsTaken() - takenBefore;
	}

	/**
	 * Evict the idle connections of older credentials than the given generation, by
	 * borrowing them: HikariCP hands a thread that holds none of its connections its oldest
	 * idle connection first, so the first current one borrowed means that no old one is
	 * idle. Never while a caller waits for a connection, and only when one is idle.
	 * @return how many were evicted
	 */
	private int evictIdleOlderThan(long generation) {
		HikariPoolMXBean state = this.pool.getHikariPoolMXBean();
		int evicted = 0;
		for (int tries = state.getTotalConnections(); tries > 0 && mayTakeIdle(state, generation); tries--) {
			boolean old = false;
			try (Connection connection = this.pool.getConnection()) {
				old = this.connectionFactory.generationOf(connection.unwrap(Connection.class)) < generation;
				if (old) {
					this.pool.evictConnection(connection);
					evicted++;
				}
			}
			catch (SQLException | RuntimeException ex) {
				// the pool is closing or suspended: what is left is retired at its next borrow
				break;
			}
			if (!old) {
				break;
			}
		}
		if (evicted > 0) {
			PoolEvents.log(Level.DEBUG, "rotation.idle.retired", "pool", this.poolName, "generation", generation,
					"connections", evicted);
		}
		return evicted;
	}

	private boolean mayTakeIdle(HikariPoolMXBean state, long generation) {
		return stillCurrent(generation) && state.getIdleConnections() > 0 && state.getThreadsAwaitingConnection() == 0
				&& this.connectionFactory.openOlderThan(generation) > 0;
	}

	/**
	 * Look for stragglers again shortly, on a thread of its own: one that has borrowed none
	 * of the pool's connections before, so that HikariCP hands it the oldest idle one first.
	 */
	private void sweepSoon(long generation, long untilNanos) {
		CompletableFuture.runAsync(() -> {
			Thread sweeper = new Thread(() -> retireStragglers(generation, untilNanos),
					"connmgmt-" + this.poolName + "-retirement");
			sweeper.setDaemon(true);
			sweeper.start();
		}, AFTER_REPLACEMENT_CHECK);
	}

	/**
	 * Retire what is left of the old connections: those that were in use, once they are
	 * idle again, and one HikariCP was still setting up. Until none is open or the
	 * credentials change again (that rotation retires them); after
	 * {@link #STRAGGLERS_LIMIT}, the pool is evicted whole, so that what is still in use
	 * is closed when it is returned.
	 */
	private void retireStragglers(long generation, long untilNanos) {
		if (!stillCurrent(generation) || this.connectionFactory.openOlderThan(generation) == 0) {
			return;
		}
		if (System.nanoTime() - untilNanos >= 0) {
			HikariPoolMXBean state = this.pool.getHikariPoolMXBean();
			int retired = state.getTotalConnections();
			state.softEvictConnections();
			this.connectionFactory.getListener().retired(this.poolName, "rotation", retired);
			PoolEvents.log(Level.INFO, "rotation.stragglers.evicted", "pool", this.poolName, "generation", generation,
					"after", STRAGGLERS_LIMIT);
			return;
		}
		this.connectionFactory.retireOlderThan(generation);
		evictIdleOlderThan(generation);
		if (this.connectionFactory.openOlderThan(generation) > 0) {
			sweepSoon(generation, untilNanos);
		}
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// HikariCP closes it itself when it cannot take it back
		}
	}

	/**
	 * Log in with the new credentials once for each open connection of the old ones, at most
	 * the pool's maximum size and the database's headroom, while the old connections may
	 * go on serving.
	 * @return how many replacements were opened
	 */
	private int openReplacements(long generation, long deadline) {
		int wanted = Math.min(this.connectionFactory.openOlderThan(generation), this.pool.getMaximumPoolSize());
		if (wanted == 0) {
			return 0;
		}
		long started = System.nanoTime();
		Connection first;
		try {
			first = this.connectionFactory.openReplacement();
		}
		catch (SQLException ex) {
			PoolEvents.log(Level.WARN, "rotation.replacement.failed", "pool", this.poolName, "generation", generation,
					"reason", ex.getMessage());
			return 0;
		}
		int headroom = DatabaseHeadroom.of(first);
		this.connectionFactory.offerReplacement(first);
		AtomicInteger opened = new AtomicInteger(1);
		int more = Math.min(wanted - 1, headroom);
		if (more > 0) {
			openInParallel(generation, more, deadline, opened);
		}
		PoolEvents.log(Level.INFO, "rotation.replacements.opened", "pool", this.poolName, "generation", generation,
				"replacements", opened.get(), "inFlight", this.loginsInFlight.get(), "wanted", wanted, "headroom",
				(headroom != DatabaseHeadroom.UNKNOWN) ? headroom : "unknown", "duration",
				Duration.ofNanos(System.nanoTime() - started));
		return opened.get();
	}

	/**
	 * Return how long the old connections may go on serving, from when the credentials of
	 * the given generation expire.
	 */
	private Duration overlap(long oldGeneration) {
		Duration left = this.connectionFactory.getCredentialSource().timeLeft(oldGeneration);
		if (left == null) {
			return OVERLAP_LIMIT;
		}
		Duration share = left.dividedBy(OVERLAP_SHARE_OF_TIME_LEFT);
		return share.isNegative() ? Duration.ZERO : (share.compareTo(OVERLAP_LIMIT) < 0) ? share : OVERLAP_LIMIT;
	}

	private void openInParallel(long generation, int count, long deadlineNanos, AtomicInteger opened) {
		ExecutorService logins = Executors.newFixedThreadPool(Math.min(count, PARALLEL_LOGINS), (task) -> {
			Thread thread = new Thread(task, "connmgmt-" + this.poolName + "-rotation");
			thread.setDaemon(true);
			return thread;
		});
		try {
			for (int i = 0; i < count; i++) {
				this.loginsInFlight.incrementAndGet();
				logins.execute(() -> {
					try {
						if (System.nanoTime() - deadlineNanos >= 0 || !stillCurrent(generation)) {
							return;
						}
						Connection replacement = this.connectionFactory.openReplacement();
						if (stillCurrent(generation)) {
							// one that ends after the old connections were retired still spares HikariCP a login
							this.connectionFactory.offerReplacement(replacement);
							opened.incrementAndGet();
						}
						else {
							replacement.close();
						}
					}
					catch (SQLException ex) {
						PoolEvents.log(Level.WARN, "rotation.replacement.failed", "pool", this.poolName, "generation",
								generation, "reason", ex.getMessage());
					}
					finally {
						this.loginsInFlight.decrementAndGet();
					}
				});
			}
			logins.shutdown();
			logins.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private boolean stillCurrent(long generation) {
		return this.pool.isRunning()
				&& this.connectionFactory.getCredentialSource().current().generation() == generation;
	}

	/**
	 * Close the replacements HikariCP did not take: once no old connection was open at two
	 * checks in a row, when the credentials changed again or the pool stopped, and at the
	 * latest after {@link #REPLACEMENT_KEEP}; checks go on while logins are in flight.
	 */
	private void closeUnusedReplacements(long generation, long keepUntilNanos, boolean oldGoneBefore) {
		boolean loginsDone = this.loginsInFlight.get() == 0;
		if (loginsDone && !this.connectionFactory.replacementsReady()) {
			return;
		}
		boolean oldGone = this.connectionFactory.openOlderThan(generation) == 0;
		if ((oldGone && oldGoneBefore) || !stillCurrent(generation) || System.nanoTime() - keepUntilNanos >= 0) {
			int closed = this.connectionFactory.closeReplacements();
			if (closed > 0) {
				PoolEvents.log(Level.DEBUG, "rotation.replacements.closed", "pool", this.poolName, "generation",
						generation, "unused", closed);
			}
			if (loginsDone) {
				return;
			}
		}
		CompletableFuture.runAsync(() -> closeUnusedReplacements(generation, keepUntilNanos, oldGone),
				AFTER_REPLACEMENT_CHECK);
	}

	/**
	 * Sweep the pool again when an old connection handed to HikariCP just before the first
	 * sweep is still open once HikariCP has had time to set it up and add it.
	 */
	private void sweepAgainIfStillOpen(long generation, long sinceNanos) {
		if (!this.pool.isRunning() || !this.connectionFactory.olderHandedOutSince(generation, sinceNanos)) {
			return;
		}
		HikariPoolMXBean state = this.pool.getHikariPoolMXBean();
		int retired = state.getTotalConnections();
		state.softEvictConnections();
		this.connectionFactory.getListener().retired(this.poolName, "rotation", retired);
	}

}
