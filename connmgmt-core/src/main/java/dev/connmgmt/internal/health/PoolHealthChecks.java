package dev.connmgmt.internal.health;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.connmgmt.internal.security.TlsStatus;
import dev.connmgmt.pool.ManagedDataSource;

/**
 * The health checks of all pools, in the pools' order, and the threads their probes run
 * on. Close it to stop those threads.
 */
public final class PoolHealthChecks implements AutoCloseable {

	/**
	 * Longest time one pool's probe may take.
	 */
	public static final Duration PROBE_TIMEOUT = Duration.ofMillis(800);

	/**
	 * Shortest time between two logins of one pool's probes; health calls in between reuse
	 * the latest probe's result.
	 */
	public static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);

	private final Map<String, PoolHealthCheck> checks = new LinkedHashMap<>();

	private final ThreadPoolExecutor probes;

	/**
	 * Create the checks.
	 * @param pools the pools
	 * @param optionalPools names of the pools whose outage only degrades
	 * @param timeout longest time one pool's probe may take
	 * @param interval shortest time between two logins of one pool's probes; a probe's
	 * result is reused until then
	 */
	public PoolHealthChecks(List<ManagedDataSource> pools, Set<String> optionalPools, Duration timeout,
			Duration interval) {
		this(pools, optionalPools, timeout, interval, (pool) -> null);
	}

	/**
	 * Create the checks, with each pool's TLS policy and live check.
	 * @param pools the pools
	 * @param optionalPools names of the pools whose outage only degrades
	 * @param timeout longest time one pool's probe may take
	 * @param interval shortest time between two logins of one pool's probes
	 * @param tls the TLS status of a pool by its name, {@code null} when it has none
	 */
	public PoolHealthChecks(List<ManagedDataSource> pools, Set<String> optionalPools, Duration timeout,
			Duration interval, Function<String, TlsStatus> tls) {
		// no cap: each pool has at most one probe in flight, so a pool whose database hangs holds one thread
		this.probes = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				(task) -> {
					Thread thread = new Thread(task, "connmgmt-health");
					thread.setDaemon(true);
					return thread;
				});
		for (ManagedDataSource pool : pools) {
			this.checks.put(pool.getName(), new PoolHealthCheck(pool, optionalPools.contains(pool.getName()), timeout,
					interval, this.probes, () -> tls.apply(pool.getName())));
		}
	}

	/**
	 * Return the check of each pool, by pool name, in the pools' order.
	 * @return the checks
	 */
	public Map<String, PoolHealthCheck> byPool() {
		return Collections.unmodifiableMap(this.checks);
	}

	@Override
	public void close() {
		this.probes.shutdownNow();
	}

}
