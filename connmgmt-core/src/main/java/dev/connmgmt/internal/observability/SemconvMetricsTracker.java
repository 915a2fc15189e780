package dev.connmgmt.internal.observability;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * A pool's HikariCP metrics tracker that records each of HikariCP's measurements into
 * another tracker and into the matching semantic-convention meter. It measures nothing
 * itself and allocates nothing: on the path HikariCP takes on every borrow and return, it
 * adds one timer record.
 */
final class SemconvMetricsTracker implements IMetricsTracker {

	private final IMetricsTracker delegate;

	private final Timer createTime;

	private final Timer waitTime;

	private final Timer useTime;

	private final Counter timeouts;

	private final MeterRegistry registry;

	private final List<Meter> meters;

	SemconvMetricsTracker(IMetricsTracker delegate, Timer createTime, Timer waitTime, Timer useTime, Counter timeouts,
			MeterRegistry registry, List<Meter> meters) {
		this.delegate = delegate;
		this.createTime = createTime;
		this.waitTime = waitTime;
		this.useTime = useTime;
		this.timeouts = timeouts;
		this.registry = registry;
		this.meters = meters;
	}

	@Override
	public void recordConnectionCreatedMillis(long connectionCreatedMillis) {
		this.delegate.recordConnectionCreatedMillis(connectionCreatedMillis);
		this.createTime.record(connectionCreatedMillis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
		this.delegate.recordConnectionAcquiredNanos(elapsedAcquiredNanos);
		this.waitTime.record(elapsedAcquiredNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
		this.delegate.recordConnectionUsageMillis(elapsedBorrowedMillis);
		this.useTime.record(elapsedBorrowedMillis, TimeUnit.MILLISECONDS);
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
