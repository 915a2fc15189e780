package dev.connmgmt.internal.observability;

import java.util.List;
import java.util.function.ToDoubleFunction;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Registers a pool's semantic-convention meters when HikariCP starts the pool, and gives
 * HikariCP a tracker that records each of its measurements into them as well as into the
 * tracker of another factory (HikariCP's Micrometer one).
 */
final class SemconvMetricsTrackerFactory implements MetricsTrackerFactory {

	static final String POOL_NAME = "db.client.connection.pool.name";

	static final String STATE = "db.client.connection.state";

	private final MeterRegistry registry;

	private final MetricsTrackerFactory delegate;

	SemconvMetricsTrackerFactory(MeterRegistry registry, MetricsTrackerFactory delegate) {
		this.registry = registry;
		this.delegate = delegate;
	}

	@Override
	public IMetricsTracker create(String poolName, PoolStats stats) {
		IMetricsTracker tracker = this.delegate.create(poolName, stats);
		Tags tags = Tags.of(POOL_NAME, poolName);
		Gauge idle = gauge("db.client.connection.count", "The number of connections that are currently in state "
				+ "described by the state attribute", tags.and(STATE, "idle"), stats, PoolStats::getIdleConnections);
		Gauge used = gauge("db.client.connection.count", "The number of connections that are currently in state "
				+ "described by the state attribute", tags.and(STATE, "used"), stats, PoolStats::getActiveConnections);
		Gauge idleMax = gauge("db.client.connection.idle.max", "The maximum number of idle open connections allowed",
				tags, stats, PoolStats::getMaxConnections);
		Gauge idleMin = gauge("db.client.connection.idle.min", "The minimum number of idle open connections allowed",
				tags, stats, PoolStats::getMinConnections);
		Gauge max = gauge("db.client.connection.max", "The maximum number of open connections allowed", tags, stats,
				PoolStats::getMaxConnections);
		Gauge pending = gauge("db.client.connection.pending_requests",
				"The number of current pending requests for an open connection", tags, stats,
				PoolStats::getPendingThreads);
		Counter timeouts = Counter.builder("db.client.connection.timeouts")
			.description("The number of connection timeouts that have occurred trying to obtain a connection from "
					+ "the pool")
			.tags(tags)
			.register(this.registry);
		Timer createTime = timer("db.client.connection.create_time", "The time it took to create a new connection",
				tags);
		Timer waitTime = timer("db.client.connection.wait_time",
				"The time it took to obtain an open connection from the pool", tags);
		Timer useTime = timer("db.client.connection.use_time",
				"The time between borrowing a connection and returning it to the pool", tags);
		return new SemconvMetricsTracker(tracker, createTime, waitTime, useTime, timeouts, this.registry,
				List.<Meter>of(idle, used, idleMax, idleMin, max, pending, timeouts, createTime, waitTime, useTime));
	}

	private Gauge gauge(String name, String description, Tags tags, PoolStats stats,
			ToDoubleFunction<PoolStats> value) {
		return Gauge.builder(name, stats, value)
			.description(description)
			.tags(tags)
			.strongReference(true)
			.register(this.registry);
	}

	private Timer timer(String name, String description, Tags tags) {
		return Timer.builder(name).description(description).tags(tags).register(this.registry);
	}

}
