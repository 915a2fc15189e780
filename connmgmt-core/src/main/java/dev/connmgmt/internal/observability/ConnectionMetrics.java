package dev.connmgmt.internal.observability;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.connmgmt.credentials.CredentialSource;
import dev.connmgmt.failure.SqlFailures;
import dev.connmgmt.internal.pool.PoolSaturation;
import dev.connmgmt.pool.ConnectionEventListener;
import dev.connmgmt.pool.ManagedDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Counts, per pool, the physical connections opened
 * ({@code connmgmt.pool.connections.opened}), the failed attempts by SQLState class and
 * category ({@code connmgmt.pool.connections.failed}), the connections connmgmt retired by
 * reason ({@code connmgmt.pool.connections.retired}: rotation, autoscale, cancelled), every
 * physical connection closed, HikariCP's own evictions included
 * ({@code connmgmt.pool.connections.closed}), the acquisitions that timed out because every
 * connection was busy ({@code connmgmt.pool.saturation}), and
 * the generation of the pool's current credentials
 * ({@code connmgmt.pool.credentials.generation}, one more at every rotation), the credential
 * rotations by outcome ({@code connmgmt.pool.credentials.rotations}) and, for credentials
 * that expire, the time they have left
 * ({@code connmgmt.pool.credentials.lease.remaining});
 * HikariCP's own {@code hikaricp.*} metrics cover the rest, and acquisition is timed by them
 * only.
 *
 * @since 0.1.0
 */
public class ConnectionMetrics implements MeterBinder {

	private final List<ManagedDataSource> pools;

	private final SqlFailures failures;

	/**
	 * Create the binder.
	 * @param pools the pools
	 * @param failures the shared classification
	 */
	public ConnectionMetrics(List<ManagedDataSource> pools, SqlFailures failures) {
		this.pools = pools;
		this.failures = failures;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ManagedDataSource pool : this.pools) {
			// counted by the factory, so connections opened before the binder ran count too
			FunctionCounter
				.builder("connmgmt.pool.connections.opened", pool, ManagedDataSource::getConnectionsOpened)
				.description("Physical connections the pool opened")
				.tag("pool", pool.getName())
				.register(registry);
			FunctionCounter
				.builder("connmgmt.pool.connections.closed", pool, ManagedDataSource::getConnectionsClosed)
				.description("Physical connections closed for any reason: HikariCP's evictions (broken, max-lifetime, "
						+ "idle-timeout) and connmgmt's retirements")
				.tag("pool", pool.getName())
				.register(registry);
			FunctionCounter
				.builder("connmgmt.pool.saturation", pool.getSaturation(), PoolSaturation::timeouts)
				.description("Acquisitions that timed out because every connection of the pool was busy while the "
						+ "database answered")
				.tag("pool", pool.getName())
				.register(registry);
			CredentialSource source = pool.getCredentialSource();
			Gauge.builder("connmgmt.pool.credentials.generation", source, (s) -> s.status().generation())
				.description("Generation of the pool's current credentials, one more at every rotation")
				.tag("pool", pool.getName())
				.register(registry);
			if (source.status().expires() != null || source.status().nextRotation() != null) {
				Gauge.builder("connmgmt.pool.credentials.lease.remaining", source, ConnectionMetrics::secondsLeft)
					.description("Time the pool's current credentials keep working")
					.baseUnit("seconds")
					.tag("pool", pool.getName())
					.register(registry);
				FunctionCounter
					.builder("connmgmt.pool.credentials.rotations", source, (s) -> s.status().failedAttempts())
					.description("Credential rotations of the pool, by outcome")
					.tags("pool", pool.getName(), "outcome", "failure")
					.register(registry);
			}
			pool.setConnectionEventListener(new ConnectionEventListener() {

				@Override
				public void retired(String name, String reason, int count) {
					Counter.builder("connmgmt.pool.connections.retired")
						.description("Connections connmgmt retired, by reason (rotation, autoscale, cancelled)")
						.tags("pool", name, "reason", reason)
						.register(registry)
						.increment(count);
				}

				@Override
				public void rotated(String name, String outcome) {
					Counter.builder("connmgmt.pool.credentials.rotations")
						.description("Credential rotations of the pool, by outcome")
						.tags("pool", name, "outcome", outcome)
						.register(registry)
						.increment();
				}

				@Override
				public void connectFailed(String name, SQLException failure) {
					String state = failure.getSQLState();
					Counter.builder("connmgmt.pool.connections.failed")
						.description("Failed attempts to open a physical connection")
						.tags("pool", name, "sqlstate.class", (state != null && state.length() >= 2) ? state.substring(0, 2)
								: "none", "category", ConnectionMetrics.this.failures.classify(failure).name().toLowerCase(Locale.ROOT))
						.register(registry)
						.increment();
				}

			});
		}
	}

	private static double secondsLeft(CredentialSource source) {
		Duration left = source.status().timeLeft(Instant.now());
		return (left != null) ? left.toMillis() / 1000.0 : Double.NaN;
	}

}
