package dev.connmgmt.internal.observability;

import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.connmgmt.pool.ManagedDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry semantic conventions' connection pool metrics, version
 * {@value #SEMCONV_VERSION} (status "development"), next to HikariCP's own
 * {@code hikaricp.*}, for every pool:
 * <ul>
 * <li>{@code db.client.connection.count}, with {@code db.client.connection.state}
 * {@code idle} or {@code used};</li>
 * <li>{@code db.client.connection.idle.max} (HikariCP keeps at most maximum-pool-size
 * connections idle), {@code .idle.min} (minimum-idle), {@code .max} (maximum-pool-size)
 * and {@code .pending_requests}, as gauges;</li>
 * <li>{@code db.client.connection.timeouts}, a counter;</li>
 * <li>{@code db.client.connection.create_time}, {@code .wait_time} and {@code .use_time},
 * in the registry's base time unit (seconds for Prometheus): by default function timers
 * (count and sum, histograms without buckets through the OTLP registry); with histograms,
 * timers with buckets at 1, 5, 10, 50, 100 and 500 ms, 1, 5 and 10 s (the semantic
 * conventions recommend none for these three; these are the ones they recommend for
 * {@code db.client.operation.duration}) and a maximum.</li>
 * </ul>
 * Every one carries {@code db.client.connection.pool.name}, the pool's name, and no
 * {@code pool} or {@code shard} tag.
 * <p>
 * Nothing is timed a second time: HikariCP measures each creation, wait and use once and
 * reports it to its metrics tracker; the tracker this binder installs records that one
 * measurement into HikariCP's Micrometer timer and, by default, lets the
 * semantic-convention meters read that timer, which costs a borrow nothing. With
 * histograms it also records the same measurement into the semantic-convention timer:
 * no second measurement and no allocation, but a borrow and return cost about as much
 * again as HikariCP's own timers add (some 30 ns). It must bind before Spring Boot's
 * HikariCP binder, which installs HikariCP's tracker alone on a pool that has none; a pool
 * with a tracker or metric registry of its own is left as it is.
 *
 * @since 0.1.0
 * @see <a href=
 * "https://github.com/open-telemetry/semantic-conventions/blob/v1.44.0/docs/db/database-metrics.md">Semantic
 * conventions for database client metrics</a>
 */
public class SemconvPoolMetrics implements MeterBinder {

	/**
	 * The version of the OpenTelemetry semantic conventions these metrics follow.
	 */
	public static final String SEMCONV_VERSION = "1.44.0";

	private static final Logger logger = LoggerFactory.getLogger(SemconvPoolMetrics.class);

	private final List<ManagedDataSource> pools;

	private final boolean histograms;

	/**
	 * Create the binder, with durations as counts and sums.
	 * @param pools the pools
	 */
	public SemconvPoolMetrics(List<ManagedDataSource> pools) {
		this(pools, false);
	}

	/**
	 * Create the binder.
	 * @param pools the pools
	 * @param histograms whether the durations are timers with buckets, recorded on every
	 * borrow and return, rather than counts and sums read from HikariCP's own timers
	 */
	public SemconvPoolMetrics(List<ManagedDataSource> pools, boolean histograms) {
		this.pools = pools;
		this.histograms = histograms;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ManagedDataSource pool : this.pools) {
			HikariDataSource hikari = pool.getHikariDataSource();
			if (hikari.isClosed() || hikari.getMetricRegistry() != null || hikari.getMetricsTrackerFactory() != null) {
				continue;
			}
			try {
				hikari.setMetricsTrackerFactory(
						new SemconvMetricsTrackerFactory(registry, new MicrometerMetricsTrackerFactory(registry),
						this.histograms));
			}
			catch (RuntimeException ex) {
				logger.warn("Pool '{}' has no metrics: {}", pool.getName(), ex.getMessage());
			}
		}
	}

}
