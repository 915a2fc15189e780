package dev.connmgmt.internal.observability;

import java.util.List;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A pool's HikariCP metrics tracker that records each of HikariCP's measurements into
 * another tracker and into the matching semantic-convention meter. It measures nothing
 * itself, reads no clock and allocates nothing: on the path HikariCP takes on every borrow
 * and return, it adds two uncontended additions.
 */
final class SemconvMetricsTracker implements IMetricsTracker {

	private final IMetricsTracker delegate;

	private final RecordedDurations creations;

	private final RecordedDurations waits;

	private final RecordedDurations uses;

	private final Counter timeouts;

	private final MeterRegistry registry;

	private final List<Meter> meters;

	SemconvMetricsTracker(IMetricsTracker delegate, RecordedDurations creations, RecordedDurations waits,
			RecordedDurations uses, Counter timeouts, MeterRegistry registry, List<Meter> meters) {
		this.delegate = delegate;
		this.creations = creations;
		this.waits = waits;
		this.uses = uses;
		this.timeouts = timeouts;
		this.registry = registry;
		this.meters = meters;
	}

	@Override
	public void recordConnectionCreatedMillis(long connectionCreatedMillis) {
		this.delegate.recordConnectionCreatedMillis(connectionCreatedMillis);
		this.creations.record(connectionCreatedMillis);
	}

	@Override
	public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
		this.delegate.recordConnectionAcquiredNanos(elapsedAcquiredNanos);
		this.waits.record(elapsedAcquiredNanos);
	}

	@Override
	public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
		this.delegate.recordConnectionUsageMillis(elapsedBorrowedMillis);
		this.uses.record(elapsedBorrowedMillis);
	}

	@Override
	public void recordConnectionTimeout() {
		this.delegate.recordConnectionTimeout();
		this.timeouts.increment();
	}

	@Override
	public void close() {
		this.delegate.close();
		this.meters.forEach(this.registry::remove);
	}

}
