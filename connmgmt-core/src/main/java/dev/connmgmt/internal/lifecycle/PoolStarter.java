package dev.connmgmt.internal.lifecycle;

import java.sql.SQLException;
import java.time.Duration;

import dev.connmgmt.internal.events.PoolEvents;
import dev.connmgmt.lifecycle.PoolStartException;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.ManagedPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import org.springframework.context.SmartLifecycle;

/**
 * Starts every pool that is not lazy once the application context is refreshed, after
 * metrics binders have seen the pools and before the web server takes traffic. A pool that
 * cannot open its first connection fails the startup with the reason.
 *
 * @since 0.1.0
 */
public class PoolStarter implements SmartLifecycle {

	/**
	 * The lifecycle phase pools start in: before the web server (and stop after it).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Logger logger = LoggerFactory.getLogger(PoolStarter.class);

	private final ManagedPools pools;

	private volatile boolean running;

	/**
	 * Create a starter.
	 * @param pools the pools to start, lazy ones included (they are skipped)
	 */
	public PoolStarter(ManagedPools pools) {
		this.pools = pools;
	}

	@Override
	public void start() {
		for (ManagedDataSource pool : this.pools.all()) {
			if (pool.isLazy()) {
				logger.debug("Pool '{}' is lazy: it starts on first use", pool.getName());
				continue;
			}
			try {
				long started = System.nanoTime();
				pool.start();
				PoolEvents.log(Level.INFO, "pool.started", "pool", pool.getName(), "duration",
						Duration.ofNanos(System.nanoTime() - started));
			}
			catch (SQLException ex) {
				throw new PoolStartException(pool.getName(), ex);
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
