package dev.connmgmt.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.connmgmt.actuate.ConnectionsHealthContributor;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.ManagedPools;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code connections} health contributor, with one component per pool, when Spring
 * Boot's actuator is present. It replaces Spring Boot's {@code db} indicator for connmgmt's
 * pools, which borrows a pooled connection and so hangs when the pool is exhausted.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ConnmgmtAutoConfiguration.class,
		beforeName = "org.springframework.boot.actuate.autoconfigure.jdbc.DataSourceHealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(ManagedDataSource.class)
public class ConnectionsHealthAutoConfiguration {

	/**
	 * Longest time one pool's probe may take.
	 */
	static final Duration PROBE_TIMEOUT = Duration.ofMillis(800);

	/**
	 * Shortest time between two logins of one pool's probes; health calls in between reuse
	 * the latest probe's result.
	 */
	static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);

	// on the method, not the class: its condition cannot be loaded without the actuator
	@Bean
	@ConditionalOnMissingBean(name = "connectionsHealthContributor")
	@ConditionalOnEnabledHealthIndicator("connections")
	ConnectionsHealthContributor connectionsHealthContributor(ManagedPools pools,
			PoolSettings settings) {
		Set<String> optional = settings.pools()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().isOptional())
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
		return new ConnectionsHealthContributor(pools.all(), optional, PROBE_TIMEOUT, PROBE_INTERVAL);
	}

}
