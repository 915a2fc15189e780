package dev.connmgmt.shard;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * A data source over the pools of a shard group: each connection comes from the pool that
 * holds the current work's shard, by its {@link ShardKey} (or the application's
 * {@link ShardKeyResolver}). Each shard is a full connmgmt pool, with its own circuit
 * breaker, health and metrics, so one shard's outage fails only the work routed to it. A
 * missing or unknown key is a {@link ShardRoutingException}, never a default shard.
 * <p>
 * It is a Spring routing data source, so Spring Boot's health reports every shard under
 * it.
 *
 * @since 0.1.0
 */
public final class ShardedDataSource extends AbstractRoutingDataSource {

	private final String group;

	private final Map<String, DataSource> shards;

	private final ShardRouter router;

	private final List<ShardKeyResolver> resolvers;

	/**
	 * Create a sharded data source.
	 * @param group the shard group's name
	 * @param shards the pool of each shard, by pool name
	 * @param router maps keys to pool names
	 * @param resolvers find keys not given with {@link ShardKey#with}, asked in order
	 */
	public ShardedDataSource(String group, Map<String, DataSource> shards, ShardRouter router,
			List<ShardKeyResolver> resolvers) {
		this.group = group;
		this.shards = Map.copyOf(shards);
		this.router = router;
		this.resolvers = List.copyOf(resolvers);
		setTargetDataSources(new LinkedHashMap<>(shards));
		setLenientFallback(false);
		afterPropertiesSet();
	}

	@Override
	public Connection getConnection() throws SQLException {
		return shardFor(currentKey()).getConnection();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLFeatureNotSupportedException(
				"Shard group '" + this.group + "' takes its credentials from its pools");
	}

	/**
	 * Return the pool holding a key's shard.
	 * @param key the shard key
	 * @return the shard's data source
	 * @throws ShardRoutingException when the key belongs to no shard
	 */
	public DataSource shardFor(Object key) throws ShardRoutingException {
		String pool = this.router.route(key);
		DataSource shard = (pool != null) ? this.shards.get(pool) : null;
		if (shard == null) {
			throw new ShardRoutingException(this.group, "Shard key '" + key + "' of shard group '" + this.group
					+ "' belongs to no shard; map it under connmgmt.shards." + this.group + ".mapping");
		}
		return shard;
	}

	/**
	 * Return the name of the pool holding a key's shard.
	 * @param key the shard key
	 * @return the pool name, or {@code null} when the key belongs to no shard
	 */
	public String poolFor(Object key) {
		return this.router.route(key);
	}

	/**
	 * Return the shard group's name.
	 * @return the group
	 */
	public String getGroup() {
		return this.group;
	}

	@Override
	protected Object determineCurrentLookupKey() {
		try {
			return this.router.route(currentKey());
		}
		catch (ShardRoutingException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	private Object currentKey() throws ShardRoutingException {
		Object key = ShardKey.current();
		for (int i = 0; key == null && i < this.resolvers.size(); i++) {
			key = this.resolvers.get(i).resolve(this.group);
		}
		if (key == null) {
			throw new ShardRoutingException(this.group, "No shard key for shard group '" + this.group
					+ "': run the work inside ShardKey.with(key, ...) or define a ShardKeyResolver bean");
		}
		return key;
	}

	@Override
	public String toString() {
		return "ShardedDataSource[" + this.group + " over " + this.shards.keySet() + "]";
	}

}
