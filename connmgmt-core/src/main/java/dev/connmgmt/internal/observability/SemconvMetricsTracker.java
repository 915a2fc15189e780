package dev.connmgmt.internal.observability;

import java.util.List;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A pool's HikariCP metrics tracker that records each of HikariCP's measurements into
 * another tracker and into the matching semantic-convention meter. It measures nothing
 * itself and allocates nothing: on the path HikariCP takes on every borrow and return, it
 * adds two uncontended additions to {@link RecordedDurations}, or, with histograms, one
 * record into a Micrometer timer, which keeps its buckets and time-window maximum.
 */
final class SemconvMetricsTracker extends ForwardingMetricsTracker {

	private final DurationRecorder creations;

	private final DurationRecorder waits;

	private final DurationRecorder uses;

	private final Counter timeouts;

	SemconvMetricsTracker(IMetricsTracker delegate, DurationRecorder creations, DurationRecorder waits,
			DurationRecorder uses, Counter timeouts, MeterRegistry registry, List<Meter> meters) {
		super(delegate, registry, meters);
		this.creations = creations;
		this.waits = waits;
		this.uses = uses;
		this.timeouts = timeouts;
	}

	@Override
	public void recordConnectionCreatedMillis(long connectionCreatedMillis) {
		super.recordConnectionCreatedMillis(connectionCreatedMillis);
		this.creations.record(connectionCreatedMillis);
	}

	@Override
	public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
		super.recordConnectionAcquiredNanos(elapsedAcquiredNanos);
		this.waits.record(elapsedAcquiredNanos);
	}

	@Override
	public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
		super.recordConnectionUsageMillis(elapsedBorrowedMillis);
		this.uses.record(elapsedBorrowedMillis);
	}

	@Override
	public void recordConnectionTimeout() {
		super.recordConnectionTimeout();
		this.timeouts.increment();
	}

}
