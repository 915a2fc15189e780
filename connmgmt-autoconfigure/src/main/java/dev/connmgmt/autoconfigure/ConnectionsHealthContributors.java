package dev.connmgmt.autoconfigure;

import java.util.List;
import java.util.Set;

import dev.connmgmt.actuate.ConnectionsHealthContributor;
import dev.connmgmt.internal.health.PoolHealthChecks;
import dev.connmgmt.pool.ManagedPools;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Builds the {@code connections} health contributor of either Spring Boot line (each has its
 * own {@link ConnectionsHealthContributor} on its own health API): one component per managed
 * pool, none where connmgmt manages no pool, each with its pool's TLS live check.
 */
final class ConnectionsHealthContributors {

	private ConnectionsHealthContributors() {
	}

	static ConnectionsHealthContributor create(ObjectProvider<ManagedPools> pools,
			ObjectProvider<PoolSettings> settings, ObjectProvider<PoolAuditor> auditor) {
		ManagedPools managed = pools.getIfAvailable();
		PoolSettings poolSettings = settings.getIfAvailable();
		return new ConnectionsHealthContributor((managed != null) ? managed.all() : List.of(),
				(poolSettings != null) ? poolSettings.optionalPools() : Set.of(), PoolHealthChecks.PROBE_TIMEOUT,
				PoolHealthChecks.PROBE_INTERVAL, (name) -> {
					PoolAuditor available = auditor.getIfAvailable();
					return (available != null) ? available.tlsOf(name) : null;
				});
	}

}
