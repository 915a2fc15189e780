package dev.connmgmt.autoconfigure;

import dev.connmgmt.actuate.ConnectionsHealthContributor;
import dev.connmgmt.pool.ManagedPools;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * The {@code connections} health contributor, with one component per pool, when Spring
 * Boot's actuator is present. It replaces Spring Boot's {@code db} indicator for connmgmt's
 * pools, which borrows a pooled connection and so hangs when the pool is exhausted. It
 * exists, empty, even where connmgmt manages no pool (the application's own
 * {@code DataSource}, or none), because the readiness group names it by default and Spring
 * Boot refuses to start when a group names a contributor that does not exist.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ConnmgmtAutoConfiguration.class,
		beforeName = "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnProperty(prefix = ConnmgmtProperties.PREFIX, name = "enabled", matchIfMissing = true)
public class ConnectionsHealthAutoConfiguration {

	/**
	 * Whether this Spring Boot line turns the liveness and readiness groups on without being
	 * told ({@code management.endpoint.health.probes.enabled}).
	 */
	static final boolean PROBES_BY_DEFAULT = true;

	// on the method, not the class: its condition cannot be loaded without the actuator
	@Bean
	@ConditionalOnMissingBean(name = "connectionsHealthContributor")
	@ConditionalOnEnabledHealthIndicator("connections")
	ConnectionsHealthContributor connectionsHealthContributor(ObjectProvider<ManagedPools> pools,
			ObjectProvider<PoolSettings> settings,
			ObjectProvider<PoolAuditor> auditor) {
		return ConnectionsHealthContributors.create(pools, settings, auditor);
	}

}
