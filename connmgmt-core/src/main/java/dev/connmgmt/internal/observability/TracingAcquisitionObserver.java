package dev.connmgmt.internal.observability;

import dev.connmgmt.internal.pool.AcquisitionObserver;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/**
 * Records each acquisition made inside a trace as a child span
 * {@code connmgmt.connection.acquire}, tagged with the pool, the outcome and the wait, for
 * the tracing bridge (OpenTelemetry with micrometer-tracing-bridge-otel) to export. Outside
 * a trace nothing is created: the hot path pays one read of OpenTelemetry's context with the
 * OpenTelemetry bridge, the tracer's current-span lookup with any other. A span rather than an
 * Observation, because an Observation's default meter handler would time acquisition a
 * second time next to HikariCP's own {@code hikaricp.connections.acquire}.
 *
 * @since 0.1.0
 */
public class TracingAcquisitionObserver implements AcquisitionObserver {

	/**
	 * The span's name.
	 */
	public static final String NAME = "connmgmt.connection.acquire";

	private final Tracer tracer;

	private final boolean openTelemetryContext;

	/**
	 * Create an observer.
	 * @param tracer the application's tracer
	 */
	public TracingAcquisitionObserver(Tracer tracer) {
		this.tracer = tracer;
		this.openTelemetryContext = OpenTelemetryContext.holdsSpansOf(tracer);
	}

	@Override
	public Acquisition begin(String pool) {
		if ((this.openTelemetryContext && OpenTelemetryContext.isRoot()) || this.tracer.currentSpan() == null) {
			return null;
		}
		Span span = this.tracer.nextSpan().name(NAME).tag("pool", pool).start();
		return new Acquisition() {

			@Override
			public void acquired(long waitNanos) {
				span.tag("outcome", "success").tag("wait.ms", waitNanos / 1_000_000).end();
			}

			@Override
			public void failed(long waitNanos, Throwable failure) {
				span.tag("outcome", "failure").tag("wait.ms", waitNanos / 1_000_000).error(failure).end();
			}

		};
	}

}
