package dev.connmgmt.internal.observability;

import java.util.List;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A pool's HikariCP metrics tracker that hands each of HikariCP's measurements to another
 * tracker as it is and, when HikariCP closes the pool, removes the pool's
 * semantic-convention meters from the registry.
 */
class ForwardingMetricsTracker implements IMetricsTracker {

	private final IMetricsTracker delegate;

	private final MeterRegistry registry;

	private final List<Meter> meters;

	ForwardingMetricsTracker(IMetricsTracker delegate, MeterRegistry registry, List<Meter> meters) {
		this.delegate = delegate;
		this.registry = registry;
		this.meters = meters;
	}

	@Override
	public void recordConnectionCreatedMillis(long connectionCreatedMillis) {
		this.delegate.recordConnectionCreatedMillis(connectionCreatedMillis);
	}

	@Override
	public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
		this.delegate.recordConnectionAcquiredNanos(elapsedAcquiredNanos);
	}

	@Override
	public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
		this.delegate.recordConnectionUsageMillis(elapsedBorrowedMillis);
	}

	@Override
	public void recordConnectionTimeout() {
		this.delegate.recordConnectionTimeout();
	}

	@Override
	public void close() {
		this.delegate.close();
		this.meters.forEach(this.registry::remove);
	}

}
