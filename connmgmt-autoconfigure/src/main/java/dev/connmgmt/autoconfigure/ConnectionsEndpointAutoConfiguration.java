package dev.connmgmt.autoconfigure;

import java.util.List;
import java.util.function.Function;

import dev.connmgmt.actuate.ConnectionsEndpoint;
import dev.connmgmt.lifecycle.PoolSizeAdvice;
import dev.connmgmt.internal.lifecycle.PoolSizeAdvisor;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.ManagedPools;
import dev.connmgmt.pool.PoolAutoscaler;
import dev.connmgmt.pool.PoolAutoscalers;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code connections} actuator endpoint. Read-only unless the application grants it
 * more with {@code management.endpoint.connections.access}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ConnmgmtAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(ManagedDataSource.class)
public class ConnectionsEndpointAutoConfiguration {

	private static final String TRANSACTIONS = "connmgmtTransactions";

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ConnectionsEndpoint connectionsEndpoint(ManagedPools pools,
			ObjectProvider<PoolAutoscalers> autoscalers, ObjectProvider<PoolSizeAdvisor> advisor,
			BeanFactory beanFactory, PoolSettings settings, ObjectProvider<PoolAuditor> auditor) {
		List<ManagedDataSource> all = pools.all();
		Function<String, PoolAutoscaler> autoscaler = (name) -> {
			PoolAutoscalers available = autoscalers.getIfAvailable();
			return (available != null) ? available.getAutoscalers()
				.stream()
				.filter((candidate) -> candidate.getPool().getName().equals(name))
				.findFirst()
				.orElse(null) : null;
		};
		Function<String, List<PoolSizeAdvice>> advice = (name) -> {
			PoolSizeAdvisor available = advisor.getIfAvailable();
			return (available != null) ? available.getAdvice().stream().filter((a) -> a.pool().equals(name)).toList()
					: List.of();
		};
		// by name: the type needs Resilience4j, which is optional
		Object transactions = beanFactory.containsBean(TRANSACTIONS) ? beanFactory.getBean(TRANSACTIONS) : null;
		return new ConnectionsEndpoint(all, autoscaler, advice, transactions, settings::derivedOf, (name) -> {
			PoolAuditor available = auditor.getIfAvailable();
			return (available != null) ? available.reportOf(name) : null;
		}, (name) -> {
			PoolAuditor available = auditor.getIfAvailable();
			return (available != null) ? available.tlsOf(name) : null;
		});
	}

}
