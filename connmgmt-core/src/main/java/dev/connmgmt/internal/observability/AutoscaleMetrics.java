package dev.connmgmt.internal.observability;

import dev.connmgmt.pool.PoolAutoscaler;
import dev.connmgmt.pool.PoolAutoscalers;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Every autoscaling decision as a metric, tagged {@code pool}:
 * {@code connmgmt.pool.autoscale.decisions} (counter, tag {@code direction} up or down) and
 * {@code connmgmt.pool.autoscale.maximum} (the maximum-pool-size now).
 *
 * @since 0.1.0
 */
public class AutoscaleMetrics implements MeterBinder {

	private final PoolAutoscalers autoscalers;

	/**
	 * Create the binder.
	 * @param autoscalers the pools' autoscalers
	 */
	public AutoscaleMetrics(PoolAutoscalers autoscalers) {
		this.autoscalers = autoscalers;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (PoolAutoscaler autoscaler : this.autoscalers.getAutoscalers()) {
			String pool = autoscaler.getPool().getName();
			FunctionCounter.builder("connmgmt.pool.autoscale.decisions", autoscaler, PoolAutoscaler::scaleUps)
				.description("Autoscaling decisions of the pool")
				.tags("pool", pool, "direction", "up")
				.register(registry);
			FunctionCounter.builder("connmgmt.pool.autoscale.decisions", autoscaler, PoolAutoscaler::scaleDowns)
				.description("Autoscaling decisions of the pool")
				.tags("pool", pool, "direction", "down")
				.register(registry);
			Gauge.builder("connmgmt.pool.autoscale.maximum", autoscaler, PoolAutoscaler::currentMaximum)
				.description("Maximum size the autoscaler set for the pool")
				.tag("pool", pool)
				.register(registry);
		}
	}

}
