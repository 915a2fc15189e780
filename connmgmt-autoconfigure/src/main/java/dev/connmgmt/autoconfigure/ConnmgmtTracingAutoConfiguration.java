package dev.connmgmt.autoconfigure;

import dev.connmgmt.internal.observability.TracingAcquisitionObserver;
import dev.connmgmt.internal.pool.AcquisitionObserver;
import dev.connmgmt.pool.ManagedPools;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * A span for each connection acquisition of connmgmt's pools, when the application traces
 * with Micrometer Tracing. The observer reaches each pool the way its circuit breaker does:
 * the pool factory hands both to the pool it builds.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ConnmgmtAutoConfiguration.class)
@ConditionalOnClass(Tracer.class)
@ConditionalOnBean(ManagedPools.class)
public class ConnmgmtTracingAutoConfiguration {

	/**
	 * The acquisition observer, or none (a null bean) when the application has no tracer or
	 * only the no-op one. The tracer is looked up when the first pool is built.
	 */
	@Bean
	@ConditionalOnMissingBean
	AcquisitionObserver connmgmtAcquisitionObserver(ObjectProvider<Tracer> tracer) {
		Tracer available = tracer.getIfAvailable();
		return (available != null && available != Tracer.NOOP) ? new TracingAcquisitionObserver(available) : null;
	}

}
