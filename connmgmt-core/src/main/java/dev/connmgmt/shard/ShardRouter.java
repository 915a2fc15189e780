package dev.connmgmt.shard;

/**
 * Maps a shard key to the name of the pool holding its shard.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ShardRouter {

	/**
	 * Return the pool of a key.
	 * @param key the shard key, never {@code null}
	 * @return the pool's name, or {@code null} when the key belongs to no shard
	 */
	String route(Object key);

}
