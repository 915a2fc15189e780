package dev.connmgmt.lifecycle;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntSupplier;

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
 * nothing is changed.
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

	private volatile List<PoolSizeAdvice> advice = List.of();

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
	 * Return the advice given at startup.
	 * @return the advice, one or more entries per started pool
	 */
	public List<PoolSizeAdvice> getAdvice() {
		return this.advice;
	}

	@Override
	public void start() {
		List<PoolSizeAdvice> advice = new ArrayList<>();
		for (ManagedDataSource pool : this.pools.all()) {
			if (pool.isRunning()) {
				advise(pool, advice);
			}
		}
		advice.forEach((piece) -> {
			if (piece.warning()) {
				logger.warn(piece.message());
			}
			else {
				logger.info(piece.message());
			}
		});
		this.advice = List.copyOf(advice);
		this.running = true;
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
		OptionalInt maxConnections = maxConnections(pool);
		if (maxConnections.isPresent() && (long) size * this.replicas > maxConnections.getAsInt()) {
			advice.add(new PoolSizeAdvice(name, true,
					"Pool '" + name + "': maximum-pool-size " + size + " x " + this.replicas
							+ " replicas (connmgmt.fleet.replicas) = " + ((long) size * this.replicas)
							+ " connections, more than the database's max_connections of "
							+ maxConnections.getAsInt() + "; lower the pool or raise max_connections."));
		}
		int cores = (this.databaseCores != null) ? this.databaseCores : Runtime.getRuntime().availableProcessors();
		String coresSource = (this.databaseCores != null) ? "database cores"
				: "cores of this machine, assumed for the database (set connmgmt.fleet.database-cores)";
		advice.add(new PoolSizeAdvice(name, false,
				"Pool '" + name + "': maximum-pool-size " + size + "; the (cores x 2) + spindles starting point is "
						+ (cores * 2 + this.spindles) + " (" + cores + " " + coresSource + ", " + this.spindles
						+ " spindles), to be tuned by measurement."));
	}

	private static OptionalInt maxConnections(ManagedDataSource pool) {
		try (Connection connection = pool.getConnection()) {
			if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
				return OptionalInt.empty();
			}
			try (Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("SHOW max_connections")) {
				return result.next() ? OptionalInt.of(Integer.parseInt(result.getString(1))) : OptionalInt.empty();
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Pool '{}': could not read max_connections: {}", pool.getName(), ex.getMessage());
			return OptionalInt.empty();
		}
	}

	@Override
	public void stop() {
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
