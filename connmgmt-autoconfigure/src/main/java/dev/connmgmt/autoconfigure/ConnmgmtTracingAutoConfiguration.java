package dev.connmgmt.autoconfigure;

import dev.connmgmt.internal.observability.TracingAcquisitionObserver;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.ManagedPools;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * A span for each connection acquisition of connmgmt's pools, when the application traces
 * with Micrometer Tracing.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ConnmgmtAutoConfiguration.class)
@ConditionalOnClass(Tracer.class)
@ConditionalOnBean(ManagedPools.class)
public class ConnmgmtTracingAutoConfiguration {

	@Bean
	static BeanPostProcessor connmgmtAcquisitionTracing(ObjectProvider<Tracer> tracer) {
		return new BeanPostProcessor() {

			// before initialization: the pool itself, before any library wraps it in a proxy
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof ManagedDataSource pool) {
					Tracer available = tracer.getIfAvailable();
					if (available != null && available != Tracer.NOOP) {
						pool.setAcquisitionObserver(new TracingAcquisitionObserver(available));
					}
				}
				return bean;
			}

		};
	}

}
