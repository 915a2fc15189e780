package dev.connmgmt.internal.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.connmgmt.lifecycle.PoolSizeAdvice;
import dev.connmgmt.pool.ManagedDataSource;
import dev.connmgmt.pool.ManagedPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Advises on every started pool's size once the pools run: warns when the pool is at least
 * as large as the web server's thread pool (the extra connections can never be used), or
 * when all replicas together may open more connections than the database accepts
 * ({@code max_connections}, read from the server), and logs the (cores x 2) + spindles
 * starting point next to the configured size. Advice is logged and kept for the actuator;
 * nothing is changed. Startup never waits for the database, and no connection is opened to
 * advise: {@code max_connections} is the value the pool's first connection read (see
 * {@link ManagedDataSource#getDatabaseMaxConnections()}), taken in the background once the
 * pool has connected, so a database that is down when the application starts delays only
 * that part of the advice.
 *
 * @since 0.1.0
 */
public class PoolSizeAdvisor implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(PoolSizeAdvisor.class);

	private final ManagedPools pools;

	private final int replicas;

	private final Integer databaseCores;

	private final int spindles;

	private final IntSupplier webThreads;

	private static final Duration DATABASE_CHECK_INTERVAL = Duration.ofMillis(500);

	private volatile List<PoolSizeAdvice> advice = List.of();

	private volatile ScheduledExecutorService databaseChecks;

	private volatile boolean running;

	/**
	 * Create an advisor.
	 * @param pools the pools
	 * @param replicas instances of the application against the same databases
	 * @param databaseCores the database server's cores, or {@code null} if unknown
	 * @param spindles the database server's effective spindles
	 * @param webThreads the web server's maximum threads, or 0 when there is no web server
	 */
	public PoolSizeAdvisor(ManagedPools pools, int replicas, Integer databaseCores, int spindles,
			IntSupplier webThreads) {
		this.pools = pools;
		this.replicas = replicas;
		this.databaseCores = databaseCores;
		this.spindles = spindles;
		this.webThreads = webThreads;
	}

	/**
	 * Return the advice given so far: at startup, and about {@code max_connections} once
	 * each pool's database has answered.
	 * @return the advice, one or more entries per started pool, including those starting
	 * in the background (negative initialization-fail-timeout)
	 */
	public List<PoolSizeAdvice> getAdvice() {
		return this.advice;
	}

	@Override
	public void start() {
		List<PoolSizeAdvice> advice = new ArrayList<>();
		List<ManagedDataSource> started = this.pools.all()
			.stream()
			.filter((pool) -> pool.isRunning() || (!pool.isLazy() && !pool.isClosed()))
			.toList();
		for (ManagedDataSource pool : started) {
			advise(pool, advice);
		}
		advice.forEach(PoolSizeAdvisor::log);
		this.advice = List.copyOf(advice);
		if (!started.isEmpty()) {
			checkDatabases(started);
		}
		this.running = true;
	}

	private void checkDatabases(List<ManagedDataSource> pools) {
		List<ManagedDataSource> waiting = new CopyOnWriteArrayList<>(pools);
		ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "connmgmt-pool-size-advisor");
			thread.setDaemon(true);
			return thread;
		});
		this.databaseChecks = checks;
		checks.scheduleWithFixedDelay(() -> {
			for (ManagedDataSource pool : waiting) {
				if (pool.isClosed()) {
					waiting.remove(pool);
				}
				else if (hasConnection(pool)) {
					waiting.remove(pool);
					adviseOnMaxConnections(pool);
				}
			}
			if (waiting.isEmpty()) {
				checks.shutdown();
			}
		}, 0, DATABASE_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
	}

	private static boolean hasConnection(ManagedDataSource pool) {
		HikariPoolMXBean numbers = pool.getHikariDataSource().getHikariPoolMXBean();
		return numbers != null && numbers.getTotalConnections() > 0;
	}

	private void advise(ManagedDataSource pool, List<PoolSizeAdvice> advice) {
		String name = pool.getName();
		int size = pool.getHikariDataSource().getMaximumPoolSize();
		int threads = this.webThreads.getAsInt();
		if (threads > 0 && size >= threads) {
			advice.add(new PoolSizeAdvice(name, true, "Pool '" + name + "': maximum-pool-size " + size
					+ " is not below the web server's " + threads + " threads, so " + (size - threads + 1)
					+ " or more connections can never be in use; lower it."));
		}
		int cores = (this.databaseCores != null) ? this.databaseCores : Runtime.getRuntime().availableProcessors();
		String coresSource = (this.databaseCores != null) ? "database cores"
				: "cores of this machine, assumed for the database (set connmgmt.fleet.database-cores)";
		advice.add(new PoolSizeAdvice(name, false,
				"Pool '" + name + "': maximum-pool-size " + size + "; the (cores x 2) + spindles starting point is "
						+ (cores * 2 + this.spindles) + " (" + cores + " " + coresSource + ", " + this.spindles
						+ " spindles), to be tuned by measurement."));
	}

	private void adviseOnMaxConnections(ManagedDataSource pool) {
		String name = pool.getName();
		int size = pool.getHikariDataSource().getMaximumPoolSize();
		OptionalInt maxConnections = pool.getDatabaseMaxConnections();
		if (maxConnections.isPresent() && (long) size * this.replicas > maxConnections.getAsInt()) {
			PoolSizeAdvice piece = new PoolSizeAdvice(name, true,
					"Pool '" + name + "': maximum-pool-size " + size + " x " + this.replicas
							+ " replicas (connmgmt.fleet.replicas) = " + ((long) size * this.replicas)
							+ " connections, more than the database's max_connections of "
							+ maxConnections.getAsInt() + "; lower the pool or raise max_connections.");
			log(piece);
			List<PoolSizeAdvice> advice = new ArrayList<>(this.advice);
			advice.add(piece);
			this.advice = List.copyOf(advice);
		}
	}

	private static void log(PoolSizeAdvice piece) {
		if (piece.warning()) {
			logger.warn(piece.message());
		}
		else {
			logger.info(piece.message());
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService checks = this.databaseChecks;
		if (checks != null) {
			checks.shutdownNow();
		}
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PoolStarter.PHASE + 1;
	}

}
