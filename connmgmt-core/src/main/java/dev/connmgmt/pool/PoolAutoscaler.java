package dev.connmgmt.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.connmgmt.internal.events.PoolEvents;
import org.slf4j.event.Level;

/**
 * Sizes one pool by its load, through HikariCP's runtime configuration: grows
 * maximum-pool-size by a large step as soon as threads wait for a connection or the 99th
 * percentile of acquisition waits passes the target, and shrinks it by a small step only
 * after a cooldown without pressure, never above the cap nor below minimum-idle (nor below
 * the connections in use). Shrinking closes idle connections above the new size at once.
 * Every decision is counted and logged.
 *
 * @since 0.1.0
 */
public final class PoolAutoscaler {

	private static final double SLOW_SHARE_OF_P99 = 0.01;

	private final ManagedDataSource pool;

	private final Settings settings;

	private final AcquisitionTimer timer;

	private final AtomicLong ups = new AtomicLong();

	private final AtomicLong downs = new AtomicLong();

	private long lastChangeNanos = System.nanoTime();

	/**
	 * Create an autoscaler and start timing the pool's acquisitions.
	 * @param pool the pool
	 * @param settings how it sizes the pool
	 */
	public PoolAutoscaler(ManagedDataSource pool, Settings settings) {
		this.pool = pool;
		this.settings = settings;
		this.timer = new AcquisitionTimer(settings.targetWait().toNanos());
		pool.setAcquisitionTimer(this.timer);
	}

	/**
	 * Look at the pool's load once and resize it if needed.
	 */
	public synchronized void tick() {
		if (!this.pool.isRunning() || this.pool.isDraining()) {
			return;
		}
		HikariDataSource hikari = this.pool.getHikariDataSource();
		HikariPoolMXBean state = hikari.getHikariPoolMXBean();
		HikariConfigMXBean config = hikari.getHikariConfigMXBean();
		int pending = state.getThreadsAwaitingConnection();
		int active = state.getActiveConnections();
		int size = config.getMaximumPoolSize();
		double slowShare = this.timer.slowShareAndReset();
		boolean pressure = pending > 0 || slowShare > SLOW_SHARE_OF_P99;
		long now = System.nanoTime();
		if (pressure && size < this.settings.max()) {
			int grown = Math.min(this.settings.max(), size + this.settings.scaleUpStep());
			config.setMaximumPoolSize(grown);
			this.ups.incrementAndGet();
			this.lastChangeNanos = now;
			PoolEvents.log(Level.INFO, "autoscale.up", "pool", this.pool.getName(), "from", size, "to", grown,
					"pending", pending, "slowAcquisitionsPercent", Math.round(slowShare * 100));
			return;
		}
		int floor = Math.max(this.settings.floor(), active);
		if (!pressure && size > floor && now - this.lastChangeNanos >= this.settings.cooldown().toNanos()) {
			int shrunk = Math.max(floor, size - this.settings.scaleDownStep());
			config.setMaximumPoolSize(shrunk);
			this.downs.incrementAndGet();
			this.lastChangeNanos = now;
			PoolEvents.log(Level.INFO, "autoscale.down", "pool", this.pool.getName(), "from", size, "to", shrunk,
					"active", active, "calmFor", this.settings.cooldown());
			retireIdleAbove(hikari, state, shrunk);
		}
	}

	private void retireIdleAbove(HikariDataSource hikari, HikariPoolMXBean state, int size) {
		int excess = Math.min(state.getTotalConnections() - size, state.getIdleConnections());
		int retired = 0;
		for (int i = 0; i < excess; i++) {
			try (Connection idle = hikari.getConnection()) {
				hikari.evictConnection(idle);
				retired++;
			}
			catch (SQLException ex) {
				break;
			}
		}
		if (retired > 0) {
			this.pool.getConnectionFactory().getListener().retired(this.pool.getName(), "autoscale", retired);
		}
	}

	/**
	 * Return the pool's current maximum size.
	 * @return maximum-pool-size now
	 */
	public int currentMaximum() {
		return this.pool.getHikariDataSource().getHikariConfigMXBean().getMaximumPoolSize();
	}

	/**
	 * Return how many times the pool was grown.
	 * @return the number of scale-ups
	 */
	public long scaleUps() {
		return this.ups.get();
	}

	/**
	 * Return how many times the pool was shrunk.
	 * @return the number of scale-downs
	 */
	public long scaleDowns() {
		return this.downs.get();
	}

	/**
	 * Return the pool sized.
	 * @return the pool
	 */
	public ManagedDataSource getPool() {
		return this.pool;
	}

	/**
	 * Return how the pool is sized.
	 * @return the settings
	 */
	public Settings getSettings() {
		return this.settings;
	}

	/**
	 * How a pool is sized.
	 *
	 * @param max the largest maximum-pool-size allowed
	 * @param floor the smallest, the pool's minimum-idle (at least 1)
	 * @param targetWait acquisitions waiting longer are slow
	 * @param scaleUpStep connections added per decision
	 * @param scaleDownStep connections removed per decision
	 * @param cooldown time without pressure before shrinking, and between shrinks
	 * @param interval time between looks at the pool
	 */
	public record Settings(int max, int floor, Duration targetWait, int scaleUpStep, int scaleDownStep,
			Duration cooldown, Duration interval) {
	}

}
