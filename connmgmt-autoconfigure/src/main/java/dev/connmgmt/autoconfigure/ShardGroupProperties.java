package dev.connmgmt.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shard group, under {@code connmgmt.shards.<group>}: the named pools holding its shards
 * and how keys are routed to them. The group is a bean {@code <group>ShardedDataSource}.
 *
 * @since 0.1.0
 */
public class ShardGroupProperties {

	/**
	 * Names of the pools (under connmgmt.pools) holding the shards.
	 */
	private List<String> pools = new ArrayList<>();

	/**
	 * How shard keys are routed to pools.
	 */
	private Strategy strategy = Strategy.CONSISTENT_HASH;

	/**
	 * Pool of each shard key, for the explicit strategy.
	 */
	private Map<String, String> mapping = new LinkedHashMap<>();

	public List<String> getPools() {
		return this.pools;
	}

	public void setPools(List<String> pools) {
		this.pools = pools;
	}

	public Strategy getStrategy() {
		return this.strategy;
	}

	public void setStrategy(Strategy strategy) {
		this.strategy = strategy;
	}

	public Map<String, String> getMapping() {
		return this.mapping;
	}

	public void setMapping(Map<String, String> mapping) {
		this.mapping = mapping;
	}

	/**
	 * How shard keys are routed.
	 */
	public enum Strategy {

		/**
		 * Over a hash ring of the pools: adding a shard moves about 1/n of the keys.
		 */
		CONSISTENT_HASH,

		/**
		 * By the mapping table only; a key not in it is an error.
		 */
		EXPLICIT

	}

}
