package dev.connmgmt.shard;

import java.util.Map;

/**
 * Routes keys by a fixed table from key (its {@code toString()}) to pool; a key not in the
 * table belongs to no shard.
 *
 * @since 0.1.0
 */
public final class ExplicitRouter implements ShardRouter {

	private final Map<String, String> mapping;

	/**
	 * Create a router.
	 * @param mapping pool names by key
	 */
	public ExplicitRouter(Map<String, String> mapping) {
		this.mapping = Map.copyOf(mapping);
	}

	@Override
	public String route(Object key) {
		return this.mapping.get(key.toString());
	}

}
