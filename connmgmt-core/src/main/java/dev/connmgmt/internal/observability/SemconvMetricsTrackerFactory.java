package dev.connmgmt.internal.observability;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Registers a pool's semantic-convention meters when HikariCP starts the pool, and gives
 * HikariCP a tracker that records each of its measurements into them as well as into the
 * tracker of another factory (HikariCP's Micrometer one).
 * <p>
 * The three durations are function timers over {@link RecordedDurations}, not Micrometer
 * timers: recording every borrow and return into a second pair of timers would cost a
 * borrow as much again as HikariCP's own timers do (each record keeps a time-window
 * maximum, which reads the clock, and, for Prometheus, a histogram). They give a count and
 * a sum, in seconds for Prometheus, and an OpenTelemetry histogram through the OTLP
 * registry; the maximum, and any percentiles or buckets configured, stay with
 * {@code hikaricp.*}'s timers.
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
		RecordedDurations creations = new RecordedDurations();
		RecordedDurations waits = new RecordedDurations();
		RecordedDurations uses = new RecordedDurations();
		FunctionTimer createTime = timer("db.client.connection.create_time",
				"The time it took to create a new connection", tags, creations, TimeUnit.MILLISECONDS);
		FunctionTimer waitTime = timer("db.client.connection.wait_time",
				"The time it took to obtain an open connection from the pool", tags, waits, TimeUnit.NANOSECONDS);
		FunctionTimer useTime = timer("db.client.connection.use_time",
				"The time between borrowing a connection and returning it to the pool", tags, uses,
				TimeUnit.MILLISECONDS);
		return new SemconvMetricsTracker(tracker, creations, waits, uses, timeouts, this.registry,
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

	private FunctionTimer timer(String name, String description, Tags tags, RecordedDurations durations,
			TimeUnit unit) {
		return FunctionTimer.builder(name, durations, RecordedDurations::count, RecordedDurations::total, unit)
			.description(description)
			.tags(tags)
			.register(this.registry);
	}

}
