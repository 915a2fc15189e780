package dev.connmgmt.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import dev.connmgmt.internal.events.PoolEvents;
import org.slf4j.event.Level;

/**
 * Sizes one pool by its load, through HikariCP's runtime configuration: grows
 * maximum-pool-size by a large step when the pool holds all the connections it may and
 * either threads wait for one of them or the 99th percentile of acquisition waits passes
 * the target, and shrinks it by a small step only after a cooldown without pressure, never
 * above the cap nor below minimum-idle (nor below the connections in use). Shrinking closes
 * idle connections above the new size at once. Every decision is counted and logged.
 * <p>
 * Growth needs evidence. Acquisitions are timed from the first look at a running pool, so
 * the login that starts the pool is no sample. Waits while the pool is below its size are
 * waits for logins HikariCP has under way, which a larger size would not shorten: they are
 * dropped. The 99th percentile is judged on at least 100 acquisitions (gathered over as
 * many looks as it takes), of which at least scale-up-step waited longer than the target:
 * each connection added answers one acquisition that waited.
 *
 * @since 0.1.0
 */
public final class PoolAutoscaler {

	private static final double SLOW_SHARE_OF_P99 = 0.01;

	private static final long SAMPLES_FOR_P99 = Math.round(1 / SLOW_SHARE_OF_P99);

	private final ManagedDataSource pool;

	private final Settings settings;

	private final AcquisitionTimer timer;

	private final AtomicLong ups = new AtomicLong();

	private final AtomicLong downs = new AtomicLong();

	private long lastChangeNanos = System.nanoTime();

	private boolean timing;

	private AcquisitionTimer.Sample gathered = AcquisitionTimer.Sample.NONE;

	/**
	 * Create an autoscaler; it starts timing the pool's acquisitions at its first look at
	 * the running pool.
	 * @param pool the pool
	 * @param settings how it sizes the pool
	 */
	public PoolAutoscaler(ManagedDataSource pool, Settings settings) {
		this.pool = pool;
		this.settings = settings;
		this.timer = new AcquisitionTimer(settings.targetWait().toNanos());
	}

	/**
	 * Look at the pool's load once and resize it if needed.
	 */
	public synchronized void tick() {
		if (!this.pool.isRunning() || this.pool.isDraining()) {
			return;
		}
		if (!this.timing) {
			this.pool.setAcquisitionTimer(this.timer);
			this.timing = true;
			return;
		}
		HikariDataSource hikari = this.pool.getHikariDataSource();
		HikariPoolMXBean state = hikari.getHikariPoolMXBean();
		HikariConfigMXBean config = hikari.getHikariConfigMXBean();
		int pending = state.getThreadsAwaitingConnection();
		int active = state.getActiveConnections();
		int size = config.getMaximumPoolSize();
		boolean full = state.getTotalConnections() >= size;
		AcquisitionTimer.Sample latest = this.timer.takeSample();
		AcquisitionTimer.Sample sample = full ? this.gathered.plus(latest) : AcquisitionTimer.Sample.NONE;
		boolean enoughSamples = sample.acquisitions() >= SAMPLES_FOR_P99;
		boolean slowP99 = enoughSamples && sample.slow() >= this.settings.scaleUpStep()
				&& sample.slowShare() > SLOW_SHARE_OF_P99;
		this.gathered = enoughSamples ? AcquisitionTimer.Sample.NONE : sample;
		long now = System.nanoTime();
		if (full && (pending > 0 || slowP99) && size < this.settings.max()) {
			int grown = Math.min(this.settings.max(), size + this.settings.scaleUpStep());
			if (!this.pool.sizeLoan().resize(size, grown)) {
				return;
			}
			addForWaitingThreads(state, pending, grown - size);
			this.ups.incrementAndGet();
			this.lastChangeNanos = now;
			this.gathered = AcquisitionTimer.Sample.NONE;
			PoolEvents.log(Level.INFO, "autoscale.up", "pool", this.pool.getName(), "from", size, "to", grown,
					"pending", pending, "acquisitions", sample.acquisitions(), "slowAcquisitions", sample.slow());
			return;
		}
		boolean calm = pending == 0 && latest.slowShare() <= SLOW_SHARE_OF_P99;
		int floor = Math.max(this.settings.floor(), active);
		if (calm && size > floor && now - this.lastChangeNanos >= this.settings.cooldown().toNanos()) {
			int shrunk = Math.max(floor, size - this.settings.scaleDownStep());
			if (!this.pool.sizeLoan().resize(size, shrunk)) {
				return;
			}
			this.downs.incrementAndGet();
			this.lastChangeNanos = now;
			this.gathered = AcquisitionTimer.Sample.NONE;
			PoolEvents.log(Level.INFO, "autoscale.down", "pool", this.pool.getName(), "from", size, "to", shrunk,
					"active", active, "calmFor", this.settings.cooldown());
			retireIdleAbove(hikari, state, shrunk);
		}
	}

	/**
	 * Ask HikariCP for a connection per thread already waiting, as far as the pool grew:
	 * it adds connections only when a borrow starts to wait or its housekeeper runs (every
	 * 30 s), so the threads that made the pool grow would otherwise wait on for a borrow
	 * after them, or their connection timeout.
	 */
	private static void addForWaitingThreads(HikariPoolMXBean state, int pending, int grownBy) {
		if (pending > 0 && state instanceof HikariPool adder) {
			for (int i = 0; i < Math.min(pending, grownBy); i++) {
				adder.addBagItem(pending);
			}
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
