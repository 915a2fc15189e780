package dev.connmgmt.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.connmgmt.internal.events.PoolEvents;
import dev.connmgmt.internal.lifecycle.PoolStarter;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.ManagedPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the pools when the application shuts down, after the web server stopped taking
 * requests and before the pools are closed: readiness turns to REFUSING_TRAFFIC, the
 * readiness grace lets load balancers notice, then the pools stop handing out connections
 * and wait (up to the drain timeout) for those in use to come back. HikariCP's own close
 * aborts connections in use at once; draining first lets work in flight finish.
 *
 * @since 0.1.0
 */
class PoolDrainer implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(PoolDrainer.class);

	private final ManagedPools pools;

	private final ApplicationEventPublisher events;

	private final Duration readinessGrace;

	private final Duration timeout;

	private volatile boolean running;

	/**
	 * Create a drainer.
	 * @param pools the pools to drain
	 * @param events where the readiness change is published
	 * @param readinessGrace how long to keep serving after readiness turned
	 * @param timeout longest wait for connections in use
	 */
	public PoolDrainer(ManagedPools pools, ApplicationEventPublisher events,
			Duration readinessGrace, Duration timeout) {
		this.pools = pools;
		this.events = events;
		this.readinessGrace = readinessGrace;
		this.timeout = timeout;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		List<ManagedDataSource> pools = this.pools.all();
		if (pools.isEmpty()) {
			return;
		}
		long started = System.nanoTime();
		AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
		try {
			if (!this.readinessGrace.isZero()) {
				logger.info("Readiness is REFUSING_TRAFFIC; pools keep serving for {}ms", this.readinessGrace.toMillis());
				Thread.sleep(this.readinessGrace.toMillis());
			}
			long deadline = System.nanoTime() + this.timeout.toNanos();
			for (ManagedDataSource pool : pools) {
				long draining = System.nanoTime();
				int left = pool.drain(deadline);
				PoolEvents.log((left > 0) ? Level.WARN : Level.INFO, "pool.drained", "pool", pool.getName(),
						"stillInUse", left, "duration", Duration.ofNanos(System.nanoTime() - draining));
				if (left > 0) {
					logger.warn("Pool '{}' still had {} connections in use after the drain timeout of {}ms; closing it "
							+ "aborts them", pool.getName(), left, this.timeout.toMillis());
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		logger.info("Drained {} pools in {}ms", pools.size(), Duration.ofNanos(System.nanoTime() - started).toMillis());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PoolStarter.PHASE;
	}

}
