package dev.connmgmt.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.connmgmt.pool.ManagedDataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.NamedContributor;

/**
 * The {@code connections} health contributor: one {@link PoolHealthIndicator} per pool. It
 * belongs to the readiness group, never to liveness: a database outage should take the
 * instance out of the load balancer, not restart it (spring-boot#36815).
 *
 * @since 0.1.0
 */
public class ConnectionsHealthContributor implements CompositeHealthContributor, DisposableBean {

	private final Map<String, HealthContributor> pools = new LinkedHashMap<>();

	private final ThreadPoolExecutor probes;

	/**
	 * Create the contributor.
	 * @param pools the pools
	 * @param optionalPools names of the pools whose outage only degrades
	 * @param timeout longest time one pool's probe may take
	 * @param interval shortest time between two logins of one pool's probes
	 */
	public ConnectionsHealthContributor(List<ManagedDataSource> pools, Set<String> optionalPools, Duration timeout,
			Duration interval) {
		// no cap: each pool has at most one probe in flight, so a pool whose database hangs holds one thread
		this.probes = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
				new SynchronousQueue<>(), (task) -> {
					Thread thread = new Thread(task, "connmgmt-health");
					thread.setDaemon(true);
					return thread;
				});
		for (ManagedDataSource pool : pools) {
			this.pools.put(pool.getName(),
					new PoolHealthIndicator(pool, optionalPools.contains(pool.getName()), timeout, interval,
							this.probes));
		}
	}

	@Override
	public HealthContributor getContributor(String name) {
		return this.pools.get(name);
	}

	@Override
	public java.util.Iterator<NamedContributor<HealthContributor>> iterator() {
		return this.pools.entrySet()
			.stream()
			.map((entry) -> NamedContributor.of(entry.getKey(), entry.getValue()))
			.iterator();
	}

	@Override
	public void destroy() {
		this.probes.shutdownNow();
	}

}
