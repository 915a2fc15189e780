package dev.connmgmt.internal.observability;

import io.micrometer.tracing.Tracer;
import io.opentelemetry.context.Context;

/**
 * The cheapest answer to "is any trace active on this thread?" when the tracer is
 * Micrometer's OpenTelemetry bridge: that bridge keeps its spans in OpenTelemetry's
 * context, so while the thread's context is the root one, no span is current. One read of
 * OpenTelemetry's thread-local instead of the bridge's current-span lookup, which reads it
 * twice and compares with the invalid span; the borrow path pays it on every acquisition.
 */
final class OpenTelemetryContext {

	private static final String BRIDGE_TRACER = "io.micrometer.tracing.otel.bridge.OtelTracer";

	private static final boolean PRESENT = isPresent();

	private OpenTelemetryContext() {
	}

	/**
	 * Return whether the given tracer keeps its spans in OpenTelemetry's context.
	 * @param tracer the tracer
	 * @return whether {@link #isRoot()} tells that the tracer has no current span
	 */
	static boolean holdsSpansOf(Tracer tracer) {
		return PRESENT && tracer.getClass().getName().equals(BRIDGE_TRACER);
	}

	/**
	 * Return whether the calling thread's OpenTelemetry context is the root one, which
	 * holds no span.
	 * @return whether no span can be current
	 */
	static boolean isRoot() {
		return Context.current() == Context.root();
	}

	private static boolean isPresent() {
		try {
			Class.forName("io.opentelemetry.context.Context", false, OpenTelemetryContext.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
