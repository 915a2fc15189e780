package dev.connmgmt.autoconfigure;

import dev.connmgmt.actuate.ConnectionsHealthContributor;
import dev.connmgmt.internal.health.PoolHealthChecks;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.ManagedPools;

import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
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
		beforeName = "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(ManagedDataSource.class)
public class ConnectionsHealthAutoConfiguration {

	/**
	 * Whether Spring Boot turns the liveness and readiness groups on without being told.
	 */
	static final boolean PROBES_BY_DEFAULT = true;

	// on the method, not the class: its condition cannot be loaded without the actuator
	@Bean
	@ConditionalOnMissingBean(name = "connectionsHealthContributor")
	@ConditionalOnEnabledHealthIndicator("connections")
	ConnectionsHealthContributor connectionsHealthContributor(ManagedPools pools, PoolSettings settings) {
		return new ConnectionsHealthContributor(pools.all(), settings.optionalPools(), PoolHealthChecks.PROBE_TIMEOUT,
				PoolHealthChecks.PROBE_INTERVAL);
	}

}
