package dev.connmgmt.actuate;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.connmgmt.internal.health.PoolHealthChecks;
import dev.connmgmt.internal.security.TlsStatus;
import dev.connmgmt.pool.ManagedDataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.NamedContributor;

/**
 * The {@code connections} health contributor: one component per pool. It belongs to the
 * readiness group, never to liveness: a database outage should take the instance out of
 * the load balancer, not restart it (spring-boot#36815).
 *
 * @since 0.1.0
 */
public class ConnectionsHealthContributor implements CompositeHealthContributor, DisposableBean {

	private final Map<String, HealthContributor> pools = new LinkedHashMap<>();

	private final PoolHealthChecks checks;

	/**
	 * Create the contributor.
	 * @param pools the pools
	 * @param optionalPools names of the pools whose outage only degrades
	 * @param timeout longest time one pool's probe may take
	 * @param interval shortest time between two logins of one pool's probes
	 */
	public ConnectionsHealthContributor(List<ManagedDataSource> pools, Set<String> optionalPools, Duration timeout,
			Duration interval) {
		this(pools, optionalPools, timeout, interval, (pool) -> null);
	}

	/**
	 * Create the contributor, with each pool's TLS live check: a pool whose session breaks
	 * its TLS mode is DOWN.
	 * @param pools the pools
	 * @param optionalPools names of the pools whose outage only degrades
	 * @param timeout longest time one pool's probe may take
	 * @param interval shortest time between two logins of one pool's probes
	 * @param tls a pool's TLS mode and live check by its name, {@code null} when it has none
	 */
	public ConnectionsHealthContributor(List<ManagedDataSource> pools, Set<String> optionalPools, Duration timeout,
			Duration interval, Function<String, TlsStatus> tls) {
		this.checks = new PoolHealthChecks(pools, optionalPools, timeout, interval, tls);
		this.checks.byPool().forEach((name, check) -> this.pools.put(name, new PoolHealthIndicator(check)));
	}

	@Override
	public HealthContributor getContributor(String name) {
		return this.pools.get(name);
	}

	@Override
	public Iterator<NamedContributor<HealthContributor>> iterator() {
		return this.pools.entrySet()
			.stream()
			.map((entry) -> NamedContributor.of(entry.getKey(), entry.getValue()))
			.iterator();
	}

	@Override
	public void destroy() {
		this.checks.close();
	}

}
