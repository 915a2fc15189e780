package dev.connmgmt.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.connmgmt.internal.events.PoolEvents;
import org.slf4j.event.Level;

/**
 * Retires a pool's connections of replaced credentials when its credential source
 * changes them.
 */
final class CredentialRetirement {

	/**
	 * How long HikariCP may take, after a login, to set a connection up and add it to the
	 * pool.
	 */
	private static final Duration SETUP_GRACE = Duration.ofMillis(250);

	private static final Executor AFTER_SETUP_GRACE = CompletableFuture
		.delayedExecutor(SETUP_GRACE.toMillis(), TimeUnit.MILLISECONDS);

	private final String poolName;

	private final HikariDataSource pool;

	private final PhysicalConnectionFactory connectionFactory;

	CredentialRetirement(String poolName, HikariDataSource pool, PhysicalConnectionFactory connectionFactory) {
		this.poolName = poolName;
		this.pool = pool;
		this.connectionFactory = connectionFactory;
	}

	/**
	 * Retire every physical connection opened with credentials older than the current
	 * ones: idle connections now, those in use when they are returned. A login in flight
	 * meanwhile (connection-init-sql included) re-checks the credentials when it ends and
	 * never hands HikariCP an old connection. One that HikariCP was still setting up when
	 * the pool was swept (HikariCP#1836) is evicted at its first borrow, and by a second
	 * sweep, scheduled after HikariCP's set-up time, if it stays idle.
	 */
	void retireOldCredentials() {
		if (!this.pool.isRunning()) {
			return;
		}
		long started = System.nanoTime();
		long generation = this.connectionFactory.getCredentialSource().current().generation();
		HikariPoolMXBean state = this.pool.getHikariPoolMXBean();
		int retired = state.getTotalConnections();
		state.softEvictConnections();
		this.connectionFactory.retireOlderThan(generation);
		long since = started - SETUP_GRACE.toNanos();
		boolean secondSweep = this.connectionFactory.olderHandedOutSince(generation, since);
		if (secondSweep) {
			CompletableFuture.runAsync(() -> sweepAgainIfStillOpen(generation, since), AFTER_SETUP_GRACE);
		}
		this.connectionFactory.getListener().retired(this.poolName, "rotation", retired);
		this.connectionFactory.getListener().rotated(this.poolName, "success");
		PoolEvents.log(Level.INFO, "rotation.finished", "pool", this.poolName, "generation", generation, "secondSweep",
				secondSweep, "duration", Duration.ofNanos(System.nanoTime() - started));
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
