package dev.connmgmt.autoconfigure;

import java.util.Map;

import dev.connmgmt.pool.ManagedDataSource;

/**
 * The pools' settings as the registrar bound and checked them, pool defaults applied, so
 * that the rest of the configuration reads them instead of binding them again.
 *
 * @param pools the settings of each pool by name; empty when the pool is managed from
 * {@code spring.datasource.*}
 */
record PoolSettings(Map<String, PoolProperties> pools) {

	static final String BEAN_NAME = "connmgmtPoolSettings";

	PoolSettings {
		pools = Map.copyOf(pools);
	}

	/**
	 * Return the settings of a pool, the defaults for one configured elsewhere.
	 */
	PoolProperties of(ManagedDataSource pool) {
		return this.pools.getOrDefault(pool.getName(), new PoolProperties());
	}

}
