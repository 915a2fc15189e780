package dev.connmgmt.internal.observability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Registers a pool's semantic-convention meters when HikariCP starts the pool, beside
 * those of another factory's tracker (HikariCP's Micrometer one), which HikariCP gets.
 * <p>
 * By default the three durations and the timeouts are functions of HikariCP's own
 * Micrometer meters when the other factory registered them
 * ({@code hikaricp.connections.creation}, {@code .acquire}, {@code .usage},
 * {@code .timeout}): the semantic-convention meters then cost a borrow nothing, and
 * HikariCP's tracker is handed over as it is. Without them, each measurement is also added
 * to a {@link RecordedDurations} (two additions per record). Either way they give a count
 * and a sum, in seconds for Prometheus, and an OpenTelemetry histogram without buckets
 * through the OTLP registry.
 * <p>
 * With histograms, each of HikariCP's measurements is also recorded into a Micrometer
 * timer per duration with {@link #BUCKETS} as its buckets and a time-window maximum: a
 * second record per borrow and return, which costs about as much as HikariCP's own timers
 * do.
 */
final class SemconvMetricsTrackerFactory implements MetricsTrackerFactory {

	static final String POOL_NAME = "db.client.connection.pool.name";

	static final String STATE = "db.client.connection.state";

	private static final String TIMEOUTS = "The number of connection timeouts that have occurred trying to obtain a "
			+ "connection from the pool";

	private static final String CREATE_TIME = "The time it took to create a new connection";

	private static final String WAIT_TIME = "The time it took to obtain an open connection from the pool";

	private static final String USE_TIME = "The time between borrowing a connection and returning it to the pool";

	/**
	 * The bucket boundaries of the duration histograms. The semantic conventions recommend
	 * none for these three metrics; these are the boundaries they recommend for
	 * {@code db.client.operation.duration}, 1 ms to 10 s.
	 */
	static final Duration[] BUCKETS = { Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
			Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
			Duration.ofSeconds(5), Duration.ofSeconds(10) };

	private final MeterRegistry registry;

	private final MetricsTrackerFactory delegate;

	private final boolean histograms;

	SemconvMetricsTrackerFactory(MeterRegistry registry, MetricsTrackerFactory delegate, boolean histograms) {
		this.registry = registry;
		this.delegate = delegate;
		this.histograms = histograms;
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
		Timer hikariCreations = hikariTimer("hikaricp.connections.creation", poolName);
		Timer hikariWaits = hikariTimer("hikaricp.connections.acquire", poolName);
		Timer hikariUses = hikariTimer("hikaricp.connections.usage", poolName);
		Counter hikariTimeouts = this.registry.find("hikaricp.connections.timeout").tag("pool", poolName).counter();
		if (!this.histograms && hikariCreations != null && hikariWaits != null && hikariUses != null
				&& hikariTimeouts != null) {
			// HikariCP's own meters hold every measurement already: read them, add nothing to a borrow
			List<Meter> meters = List.of(idle, used, idleMax, idleMin, max, pending,
					FunctionCounter.builder("db.client.connection.timeouts", hikariTimeouts, Counter::count)
						.description(TIMEOUTS)
						.tags(tags)
						.register(this.registry),
					timer("db.client.connection.create_time", CREATE_TIME, tags, hikariCreations),
					timer("db.client.connection.wait_time", WAIT_TIME, tags, hikariWaits),
					timer("db.client.connection.use_time", USE_TIME, tags, hikariUses));
			return new ForwardingMetricsTracker(tracker, this.registry, meters);
		}
		Counter timeouts = Counter.builder("db.client.connection.timeouts")
			.description(TIMEOUTS)
			.tags(tags)
			.register(this.registry);
		if (this.histograms) {
			Timer createTime = histogram("db.client.connection.create_time", CREATE_TIME, tags);
			Timer waitTime = histogram("db.client.connection.wait_time", WAIT_TIME, tags);
			Timer useTime = histogram("db.client.connection.use_time", USE_TIME, tags);
			return new SemconvMetricsTracker(tracker, (millis) -> createTime.record(millis, TimeUnit.MILLISECONDS),
					(nanos) -> waitTime.record(nanos, TimeUnit.NANOSECONDS),
					(millis) -> useTime.record(millis, TimeUnit.MILLISECONDS), timeouts, this.registry,
					List.<Meter>of(idle, used, idleMax, idleMin, max, pending, timeouts, createTime, waitTime, useTime));
		}
		RecordedDurations creations = new RecordedDurations();
		RecordedDurations waits = new RecordedDurations();
		RecordedDurations uses = new RecordedDurations();
		FunctionTimer createTime = timer("db.client.connection.create_time", CREATE_TIME, tags, creations,
				TimeUnit.MILLISECONDS);
		FunctionTimer waitTime = timer("db.client.connection.wait_time", WAIT_TIME, tags, waits,
				TimeUnit.NANOSECONDS);
		FunctionTimer useTime = timer("db.client.connection.use_time", USE_TIME, tags, uses, TimeUnit.MILLISECONDS);
		return new SemconvMetricsTracker(tracker, creations, waits, uses, timeouts, this.registry,
				List.<Meter>of(idle, used, idleMax, idleMin, max, pending, timeouts, createTime, waitTime, useTime));
	}

	private Timer hikariTimer(String name, String poolName) {
		return this.registry.find(name).tag("pool", poolName).timer();
	}

	private FunctionTimer timer(String name, String description, Tags tags, Timer source) {
		return FunctionTimer
			.builder(name, source, Timer::count, (timer) -> timer.totalTime(TimeUnit.NANOSECONDS), TimeUnit.NANOSECONDS)
			.description(description)
			.tags(tags)
			.register(this.registry);
	}

	private Timer histogram(String name, String description, Tags tags) {
		return Timer.builder(name)
			.description(description)
			.tags(tags)
			.serviceLevelObjectives(BUCKETS)
			.register(this.registry);
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
