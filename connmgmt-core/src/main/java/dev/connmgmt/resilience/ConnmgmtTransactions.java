package dev.connmgmt.resilience;

import java.util.Map;
import java.util.TreeSet;

/**
 * The entry to {@link PoolTransactions}: units of work on any pool, by pool name.
 *
 * <pre class="code">
 * transactions.pool("orders").idempotent((status) -&gt; jdbc.update("UPDATE stock ..."));
 * </pre>
 *
 * @since 0.1.0
 */
public final class ConnmgmtTransactions implements AutoCloseable {

	private final Map<String, PoolTransactions> pools;

	/**
	 * Create the entry.
	 * @param pools the work of each pool, by pool name
	 */
	public ConnmgmtTransactions(Map<String, PoolTransactions> pools) {
		this.pools = Map.copyOf(pools);
	}

	/**
	 * Return the units of work of a pool.
	 * @param name the pool's name
	 * @return the pool's transactions
	 * @throws IllegalArgumentException when no pool has that name
	 */
	public PoolTransactions pool(String name) {
		PoolTransactions pool = this.pools.get(name);
		if (pool == null) {
			throw new IllegalArgumentException("No connmgmt pool is named '" + name + "'; the pools are "
					+ new TreeSet<>(this.pools.keySet()));
		}
		return pool;
	}

	/**
	 * Stop the executors of asynchronous work.
	 */
	@Override
	public void close() {
		this.pools.values().forEach(PoolTransactions::close);
	}

}
